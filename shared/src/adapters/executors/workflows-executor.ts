import { ExecutionsClient } from '@google-cloud/workflows';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { failedResult, invalidAction } from './api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from './google-client-settings';

/**
 * Re-executes a workflow with the failed execution's argument through the Workflow Executions API
 * (POST /v1/projects/{p}/locations/{l}/workflows/{w}/executions {argument}), using the generated
 * client on its REST transport.
 */
export class WorkflowsExecutor implements ActionExecutor<'workflows.reexecute'> {
  readonly kinds = ['workflows.reexecute'] as const;
  private readonly client: GaxClient<ExecutionsClient>;

  constructor(private readonly settings: GoogleApiSettings = {}) {
    this.client = new GaxClient(() => new ExecutionsClient(gaxRestOptions<ConstructorParameters<typeof ExecutionsClient>[0]>(settings)));
  }

  async execute(action: ActionOf<'workflows.reexecute'>): Promise<ExecutionResult> {
    if (action.argument.length > 0 && !isJson(action.argument)) return invalidAction('argument is not JSON');
    const parent = `projects/${action.projectId}/locations/${action.location}/workflows/${action.workflowId}`;
    try {
      const executions = await this.client.ready();
      const request = { parent, execution: { argument: action.argument } };
      const [execution] = await withDeadline(executions.createExecution(request, gaxCallOptions(this.settings)), this.settings);
      if (!execution.name) return { status: 'failed', detail: `workflows executions.create ${parent}: response named no execution`, retryable: false };
      return {
        status: 'submitted',
        externalId: execution.name,
        detail: `started execution ${execution.name} (state ${String(execution.state ?? 'unknown')}, revision ${execution.workflowRevisionId || 'unknown'})`,
        retryable: false,
      };
    } catch (error) {
      return failedResult(`workflows executions.create ${parent}`, error);
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
