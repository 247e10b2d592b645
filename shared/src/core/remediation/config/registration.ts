import type { Category } from '../../domain/category';
import type { Source } from '../../domain/pipeline-event';
import type { Plan } from '../plan';
import type { RerunnableType } from '../sql-statements';

export const AUTONOMY_LEVELS = ['auto', 'approve', 'notify'] as const;
/** auto: act within guardrails; approve: act once a person approves; notify: tell people what would be done. */
export type Autonomy = (typeof AUTONOMY_LEVELS)[number];

export type Criticality = 'critical' | 'non-critical';

export type NotificationTarget = { kind: 'pubsub'; topic: string } | { kind: 'webhook'; webhookSecretName: string };

export interface BudgetLimits {
  perHour: number;
  perDay: number;
}

export interface DataflowEnvironment {
  machineType?: string;
  workerRegion?: string;
  workerZone?: string;
  maxWorkers?: number;
  numWorkers?: number;
  serviceAccountEmail?: string;
  tempLocation?: string;
  network?: string;
  subnetwork?: string;
}

export interface DataflowRegistration {
  projectId?: string;
  /** Regional endpoint the job runs under, e.g. "us-central1". */
  location?: string;
  containerSpecGcsPath: string;
  /** Last known-good template, launched by rollback_dataflow_template. */
  rollbackContainerSpecGcsPath?: string;
  parameters: Record<string, string>;
  /**
   * Name a relaunch uses; defaults to the pipelineId, which the Dataflow normalizer takes from the job
   * name, so the relaunched job keeps reporting under the same pipeline and registration.
   */
  jobName?: string;
  jobType: 'batch' | 'streaming';
  environment: DataflowEnvironment;
  /** Smallest first; the first entry (or environment.machineType) is what the job normally runs on. */
  allowedMachineTypes: string[];
  /** Zones (us-central1-b) or regions (us-east1) a relaunch may move to after a stock-out. */
  allowedZones: string[];
  /** Ceiling for scale_dataflow_workers; streaming autoscaling never goes above it. */
  maxWorkersCeiling?: number;
}

export interface ComposerRegistration {
  /** Airflow web server URL of the Composer environment, e.g. https://xyz-dot-us-central1.composer.googleusercontent.com */
  airflowUri: string;
  /** Defaults to the event's pipelineId, which the Composer normalizer sets to the DAG id. */
  dagId?: string;
}

export interface WorkflowsRegistration {
  workflowId: string;
  projectId?: string;
  location?: string;
  /** Argument for a re-execution when the request does not carry the failed execution's own. */
  defaultArgument?: string;
}

/**
 * What a BigQuery pipeline's jobs may do when the remediation account re-runs them. Without it a
 * BigQuery pipeline's jobs are never re-run: the account would act with its own rights, not the owner's.
 */
export interface BigQueryRegistration {
  /** e.g. ["SELECT", "INSERT", "MERGE", "LOAD"]; never GRANT/REVOKE or other DCL. */
  allowedStatementTypes: RerunnableType[];
  /** Tables the jobs may write, "project.dataset.table" or "project.dataset.*". */
  destinationTables: string[];
  /** Lower-cased e-mails the original job must have run as (the pipeline's service account); empty = any. */
  principals: string[];
}

export interface PipelineRegistration {
  pipelineId: string;
  source: Source;
  criticality: Criticality;
  /** Overrides the global dry-run switch for this pipeline. */
  dryRun?: boolean;
  autonomyDefault?: Autonomy;
  autonomy: Partial<Record<Category, Autonomy>>;
  plans: Partial<Record<Category, Plan>>;
  budget?: BudgetLimits;
  notification?: NotificationTarget;
  /** Secret Manager secret the pipeline reads its credentials from at start ("projects/p/secrets/s"). */
  secretName?: string;
  dataflow?: DataflowRegistration;
  composer?: ComposerRegistration;
  workflows?: WorkflowsRegistration;
  bigquery?: BigQueryRegistration;
}

/** What an unregistered pipeline gets: treated as critical, so nothing is ever skipped by default. */
export function defaultRegistration(pipelineId: string, source: Source): PipelineRegistration {
  return { pipelineId, source, criticality: 'critical', autonomy: {}, plans: {} };
}
