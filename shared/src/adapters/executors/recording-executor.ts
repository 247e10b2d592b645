import type { ActionExecutor, ActionKind, ExecutionResult, RemediationAction } from '../../core/remediation/actions';
import type { Logger } from '../../core/ports/logger';

/** A result that says, in its type, that no API was called. */
export type DryRunResult = ExecutionResult & { status: 'submitted'; dryRun: true; retryable: false };

export const DRY_RUN_DETAIL = 'dry run: not executed';

/** Every action kind, checked at compile time: adding a kind to RemediationAction fails here until listed. */
const KIND_SET: { [K in ActionKind]: true } = {
  'bigquery.rerun_job': true,
  'dataflow.launch_flex_template': true,
  'dataflow.update_job_state': true,
  'dataflow.update_workers': true,
  'composer.clear_failed_tasks': true,
  'composer.trigger_dag': true,
  'composer.pause_dag': true,
  'workflows.reexecute': true,
  'notify.pubsub': true,
  'notify.webhook': true,
};
export const ALL_ACTION_KINDS = Object.keys(KIND_SET) as ActionKind[];

/**
 * The executor for dry runs and local mode: it records each action it is given and calls nothing.
 * Its results carry dryRun: true so a recorded action is never mistaken for one that ran.
 */
export class RecordingExecutor implements ActionExecutor<ActionKind> {
  readonly kinds: readonly ActionKind[] = ALL_ACTION_KINDS;
  private readonly recorded: RemediationAction[] = [];

  constructor(private readonly logger?: Logger) {}

  async execute(action: RemediationAction): Promise<DryRunResult> {
    // A copy, so later changes by the caller do not rewrite what was recorded.
    this.recorded.push(structuredClone(action));
    this.logger?.log('NOTICE', `${DRY_RUN_DETAIL}: ${action.kind}`, { dryRun: true, action: describe(action) });
    return { status: 'submitted', detail: DRY_RUN_DETAIL, retryable: false, dryRun: true };
  }

  /** Everything recorded so far, oldest first. */
  get actions(): readonly RemediationAction[] {
    return this.recorded;
  }

  clear(): void {
    this.recorded.length = 0;
  }
}

/** What a reader of the log needs to see what would have run; message bodies and conf stay out. */
function describe(action: RemediationAction): Record<string, unknown> {
  switch (action.kind) {
    case 'bigquery.rerun_job':
      return { kind: action.kind, projectId: action.projectId, location: action.location, originalJobId: action.originalJobId, newJobId: action.newJobId };
    case 'dataflow.launch_flex_template':
      return { kind: action.kind, projectId: action.projectId, location: action.location, jobName: action.jobName, template: action.containerSpecGcsPath };
    case 'dataflow.update_job_state':
      return { kind: action.kind, projectId: action.projectId, location: action.location, jobId: action.jobId, requestedState: action.requestedState };
    case 'dataflow.update_workers':
      return { kind: action.kind, projectId: action.projectId, location: action.location, jobId: action.jobId, min: action.minNumWorkers, max: action.maxNumWorkers };
    case 'composer.clear_failed_tasks':
      return { kind: action.kind, dagId: action.dagId, dagRunId: action.dagRunId, taskIds: action.taskIds ?? [] };
    case 'composer.trigger_dag':
      return { kind: action.kind, dagId: action.dagId, dagRunId: action.dagRunId };
    case 'composer.pause_dag':
      return { kind: action.kind, dagId: action.dagId };
    case 'workflows.reexecute':
      return { kind: action.kind, projectId: action.projectId, location: action.location, workflowId: action.workflowId };
    case 'notify.pubsub':
      return { kind: action.kind, topic: action.topic };
    case 'notify.webhook':
      return { kind: action.kind, webhookSecretName: action.webhookSecretName };
  }
}
