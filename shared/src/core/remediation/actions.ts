import type { JsonObject } from '../domain/log-entry';
import type { DataflowEnvironment } from './config/registration';

/**
 * One concrete thing FlexiRoaster can do through a GCP API, as plain values (the
 * security-response-automation pattern: values + narrow client + execute). Everything an executor
 * needs is here, so an action can be recorded, approved, scheduled and replayed unchanged.
 */
export type RemediationAction =
  | {
      kind: 'bigquery.rerun_job';
      projectId: string;
      location: string;
      originalJobId: string;
      /** Deterministic, so a redelivered request creates the same job and BigQuery refuses the duplicate. */
      newJobId: string;
      /** The original JobConfiguration from jobs.get (query/load/copy/extract). */
      configuration: JsonObject;
      /** Who ran the original job (jobs.get user_email); the rerun runs as the remediation account instead. */
      originalPrincipal?: string | null;
      labels?: Record<string, string>;
    }
  | {
      kind: 'dataflow.launch_flex_template';
      projectId: string;
      location: string;
      jobName: string;
      containerSpecGcsPath: string;
      parameters: Record<string, string>;
      /** The registered environment, adjusted by the strategy (machine type, zone). */
      environment: DataflowEnvironment & { zone?: string };
    }
  | {
      kind: 'dataflow.update_job_state';
      projectId: string;
      location: string;
      jobId: string;
      requestedState: 'JOB_STATE_DRAINED' | 'JOB_STATE_CANCELLED';
    }
  | {
      kind: 'dataflow.update_workers';
      projectId: string;
      location: string;
      jobId: string;
      minNumWorkers: number;
      maxNumWorkers: number;
    }
  | {
      kind: 'composer.clear_failed_tasks';
      airflowUri: string;
      dagId: string;
      dagRunId: string;
      taskIds?: string[];
    }
  | { kind: 'composer.trigger_dag'; airflowUri: string; dagId: string; dagRunId: string; conf: JsonObject }
  | { kind: 'composer.pause_dag'; airflowUri: string; dagId: string }
  | {
      kind: 'workflows.reexecute';
      projectId: string;
      location: string;
      workflowId: string;
      /** JSON-encoded argument of the failed execution, passed unchanged. */
      argument: string;
    }
  | { kind: 'notify.pubsub'; topic: string; message: JsonObject; attributes?: Record<string, string> }
  | { kind: 'notify.webhook'; webhookSecretName: string; payload: JsonObject };

export type ActionKind = RemediationAction['kind'];
export type ActionOf<K extends ActionKind> = Extract<RemediationAction, { kind: K }>;

export interface ExecutionResult {
  /** submitted: the API accepted the request; the outcome is verified later from events. */
  status: 'submitted' | 'failed';
  /** What the API created or touched (job id, execution name, dag run id). */
  externalId?: string;
  detail: string;
  /** true when the failure may pass (429/503, deadline): the caller may try again later. */
  retryable: boolean;
  httpStatus?: number;
  /**
   * true when nothing was sent to any API (dry run / local executor). Such a 'submitted' must never
   * count as a remediation, be verified, or spend an action budget as if it had run.
   */
  dryRun?: boolean;
}

/** One executor per GCP service; it owns a narrow client and never decides policy. */
export interface ActionExecutor<K extends ActionKind = ActionKind> {
  readonly kinds: readonly K[];
  execute(action: ActionOf<K>): Promise<ExecutionResult>;
}

/** Runs an action no earlier than a given time (Cloud Tasks in production). */
export interface DeferredActionScheduler {
  schedule(request: { actionKey: string; notBefore: Date; payload: JsonObject }): Promise<{ taskName: string }>;
}
