import { InputRejectedError } from '../domain/errors';
import { ownValue } from '../domain/own-value';
import type { LogEntry } from '../domain/log-entry';
import type { PipelineStatus, StructuredCodes } from '../domain/pipeline-event';
import type { SourceFacts } from './build-event';
import { jsonPayloadType, logIdOf } from './entry-fields';
import { asRecord, firstString, stringAt, stringMap } from './json';
import { errorText, reportedError } from './rpc-status';
import { instantOf } from './telemetry-values';
import { readWorkflowsException } from './workflows-exception';

export const WORKFLOWS_RESOURCE_TYPES = ['workflows.googleapis.com/Workflow'] as const;

const EXECUTION_ID_LABEL = 'workflows.googleapis.com/execution_id';

/** ExecutionsSystemLog.State; QUEUED executions are waiting to start, which is still a live run. */
const STATE_STATUS: Readonly<Record<string, PipelineStatus>> = {
  ACTIVE: 'running',
  QUEUED: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

/**
 * The platform-logs index names the log "workflows.googleapis.com/executions_system"; older
 * sinks and docs use "executions_system_log". The payload @type settles it either way.
 */
function isSystemLog(entry: LogEntry): boolean {
  return logIdOf(entry).startsWith('workflows.googleapis.com/executions_system') || /ExecutionsSystemLog$/.test(jsonPayloadType(entry) ?? '');
}

function isCallLog(entry: LogEntry): boolean {
  return logIdOf(entry).startsWith('workflows.googleapis.com/engine_call') || /EngineCallLog$/.test(jsonPayloadType(entry) ?? '');
}

function systemLogFacts(facts: SourceFacts, payload: Record<string, unknown>): SourceFacts {
  const state = firstString(payload.state)?.toUpperCase();
  facts.status = (state === undefined ? undefined : ownValue(STATE_STATUS, state)) ?? 'info';
  // activityTime is when the execution changed state: start for ACTIVE, end for a final state.
  const activityTime = instantOf(payload.activityTime);
  if (activityTime !== undefined && state === 'ACTIVE') facts.telemetry = { startedAt: activityTime };
  if (activityTime !== undefined && (facts.status === 'succeeded' || facts.status === 'failed' || facts.status === 'cancelled')) facts.telemetry = { endedAt: activityTime };
  const failure = asRecord(payload.failure);
  const source = firstString(failure?.source);
  if (source !== undefined) facts.stageId = source;
  if (facts.status !== 'failed' && facts.status !== 'cancelled') return facts;
  const exception = firstString(failure?.exception);
  if (exception === undefined) {
    const message = firstString(payload.message);
    if (message !== undefined) facts.errorMessage = message;
    return facts;
  }
  const error = readWorkflowsException(exception);
  facts.errorMessage = error.message;
  if (error.tag !== undefined) facts.codes.exceptionType = error.tag;
  if (error.rpcCode !== undefined) facts.codes.rpcCode = error.rpcCode;
  return facts;
}

export function workflowsFacts(entry: LogEntry): SourceFacts {
  const resourceLabels = stringMap(entry.resource.labels);
  const labels = stringMap(entry.labels);
  const payload = asRecord(entry.jsonPayload) ?? {};
  const workflowId = firstString(resourceLabels.workflow_id);
  if (workflowId === undefined) {
    throw new InputRejectedError('missing_field', 'Workflows entry has no resource.labels.workflow_id');
  }
  const codes: StructuredCodes = {};
  const facts: SourceFacts = { pipelineId: workflowId, status: 'info', codes };
  const executionId = firstString(labels[EXECUTION_ID_LABEL], payload.executionId, payload.execution_id);
  if (executionId !== undefined) facts.runId = executionId;

  if (isSystemLog(entry)) return systemLogFacts(facts, payload);
  if (isCallLog(entry)) {
    // A raised call exception may still be caught by the workflow; only the system log's FAILED is final.
    const step = stringAt(payload, 'step');
    if (step !== undefined) facts.stageId = step;
    return facts;
  }
  const error = reportedError(asRecord(entry.protoPayload)?.status);
  if (error !== undefined) {
    facts.status = 'failed';
    if (error.code !== undefined) codes.rpcCode = error.code;
    const errorMessage = errorText(error);
    if (errorMessage !== undefined) facts.errorMessage = errorMessage;
  }
  // User sys.log lines are progress notes written by the workflow itself: info whatever their severity.
  return facts;
}
