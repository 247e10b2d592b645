import type { Category } from '../domain/category';
import type { Classification } from '../domain/classification';
import type { PipelineEvent } from '../domain/pipeline-event';
import type { RemediationAction } from './actions';
import type { Autonomy } from './config/registration';
import type { PermissionFinding } from './permission-finding';
import type { OriginalBigQueryJob } from './ports';
import type { SecretInspection } from './secret-inspector';
import type { RemediationStatus } from './remediation-record';
import type { StrategyId } from './strategy-catalog';

/** What the anomaly verdict on the event's run found (issue 7); the planner's anomaly playbooks key on `kinds`. */
export interface AnomalyHint {
  score: number;
  /** Finding kinds, e.g. latency_spike, high_cpu, throughput_drop, retry_burst, failure_spike, new_signature. */
  kinds: string[];
  reasons: string[];
}

/** What the ingest side publishes for one failure (Pub/Sub "remediation-requests"). */
export interface RemediationRequest {
  event: PipelineEvent;
  classification: Classification;
  /** Anomaly and risk scores by name, e.g. { anomaly: 0.91, failure_risk: 0.4 }. */
  scores?: Readonly<Record<string, number>>;
  /** The run's anomaly verdict when it was anomalous; may select an anomaly playbook (see anomaly-playbooks.ts). */
  anomaly?: AnomalyHint;
  /**
   * BigQuery only: the failed job as jobs.get describes it, added by the service. A request arriving
   * from outside never carries it (the codec drops it and the service strips it): a message must
   * never choose the SQL the remediation account runs.
   */
  originalJob?: OriginalBigQueryJob;
  /** Workflows only: the failed execution's JSON argument, when the publisher already has it. */
  executionArgument?: string;
  /** authentication_failure: metadata of the registered secret's versions, added by the service before deciding. */
  secretInspection?: SecretInspection;
}

export type ConsideredVerdict = 'chosen' | 'not_applicable' | 'passed' | 'not_reached';

export interface ConsideredStrategy {
  strategy: StrategyId;
  verdict: ConsideredVerdict;
  why: string;
}

export type GuardName = 'idempotency' | 'scope' | 'pause' | 'circuit_breaker' | 'budget' | 'approval' | 'executor';

export interface GuardrailCheck {
  guard: GuardName;
  verdict: 'passed' | 'refused';
  detail: string;
}

export interface Explanation {
  summary: string;
  classification: {
    category: Category;
    confidence: number;
    stage: Classification['stage'];
    rule: string | null;
    runnerUp: { category: Category; confidence: number } | null;
    signature: string;
  };
  scores: Record<string, number> | null;
  /** The policy rule that fired, e.g. "plan network_timeout/bigquery (default) step 1 retry_bigquery_job, attempt 2 of 3". */
  rule: string;
  plan: { origin: 'default' | 'global' | 'pipeline' | 'anomaly'; steps: Array<{ strategy: StrategyId; maxAttempts: number }> };
  /** Every step of the plan and why it was or was not taken. */
  considered: ConsideredStrategy[];
  /** Actions the category rules out entirely, and why. */
  excluded: string[];
  autonomy: { value: Autonomy; origin: string };
  dryRun: { value: boolean; origin: 'pipeline' | 'global' };
  backoff: { delayMs: number; stepAttempt: number; maxAttempts: number } | null;
  /** First attempt of the plan's next step, for when this step cannot succeed by repeating. */
  nextStepAttempt: number | null;
  permission: PermissionFinding | null;
  /** Notify-only autonomy: what would have been done. */
  proposedAction: RemediationAction | null;
  guardrails: GuardrailCheck[];
  /** Later facts about the record: approvals, settlement, the step that followed. */
  history: Array<{ at: string; what: string }>;
}

export interface ApprovalLinks {
  approveToken: string;
  rejectToken: string;
  /** Present when approval.baseUrl is configured (the api function's URL). */
  approveUrl: string | null;
  rejectUrl: string | null;
  expiresAt: string;
}

export interface Decision {
  /** Null only when there was nothing to decide (the event is not a failure). */
  strategy: StrategyId | null;
  autonomy: Autonomy;
  dryRun: boolean;
  /** True once an executor accepted the action (never in a dry run). */
  executed: boolean;
  reason: string;
  actionKey: string | null;
  status: RemediationStatus;
  attempt: number;
  rootRunId: string;
  /** Another delivery already claimed this key; nothing was done by this call. */
  duplicate: boolean;
  action: RemediationAction | null;
  /** Run the action creates, when known in advance (deterministic BigQuery job id, DAG run id). */
  createdRunId: string | null;
  notBefore: string | null;
  deadlineAt: string | null;
  approval: ApprovalLinks | null;
  explanation: Explanation;
}
