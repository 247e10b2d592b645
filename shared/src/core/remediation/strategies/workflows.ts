import { notApplicable, type Strategy } from './types';

/** Re-runs the workflow with the failed execution's own argument; without it the rerun could process the wrong input. */
export const reexecuteWorkflow: Strategy = ({ request, registration }) => {
  const { event } = request;
  const workflows = registration.workflows;
  const projectId = workflows?.projectId ?? event.projectId;
  const location = workflows?.location ?? event.location;
  if (projectId === undefined || location === undefined) return notApplicable('neither the registration nor the event names the Workflows project and region');
  const argument = request.executionArgument ?? workflows?.defaultArgument;
  if (argument === undefined) return notApplicable("the failed execution's argument is unknown and no defaultArgument is registered");
  const workflowId = workflows?.workflowId ?? event.pipelineId;
  return {
    kind: 'act',
    action: { kind: 'workflows.reexecute', projectId, location, workflowId, argument },
    createdRunId: null,
    detail: `re-execute workflow ${workflowId} with the ${request.executionArgument === undefined ? 'registered default' : "failed execution's"} argument`,
  };
};
