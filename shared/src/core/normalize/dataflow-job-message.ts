import type { PipelineStatus } from '../domain/pipeline-event';
import { ownValue } from '../domain/own-value';

/** What a Dataflow job-message line says about the job as a whole. */
export interface JobMessageReading {
  status: PipelineStatus;
  jobState?: string;
  /** The part of the text that explains a failure, e.g. the causes after "Workflow failed. Causes: ". */
  cause?: string;
  stageId?: string;
}

/** JOB_STATE_* values (Dataflow v1b3 JobState) mapped to the event status they imply. */
const JOB_STATE_STATUS: Readonly<Record<string, PipelineStatus>> = {
  JOB_STATE_DONE: 'succeeded',
  JOB_STATE_FAILED: 'failed',
  JOB_STATE_CANCELLED: 'cancelled',
  // Drain is an operator-requested stop of a streaming job: it ends the run without a failure or a result.
  JOB_STATE_DRAINED: 'cancelled',
  JOB_STATE_UPDATED: 'info',
  JOB_STATE_RUNNING: 'running',
  JOB_STATE_PENDING: 'running',
  JOB_STATE_QUEUED: 'running',
  JOB_STATE_CANCELLING: 'running',
  JOB_STATE_DRAINING: 'running',
  JOB_STATE_RESOURCE_CLEANING_UP: 'info',
  JOB_STATE_STOPPED: 'info',
};

const WORKFLOW_FAILED = /^\s*Workflow failed\b\.?\s*(?:Causes:\s*)?([\s\S]*)$/;
const STAGE_IN_CAUSE = /^(S\d+):/;
const JOB_STATE = /\b(JOB_STATE_[A-Z_]+)\b/;
const CANCELLED = /\bCancel request is committed\b|\b(?:workflow|job) (?:was |has been )?cancel+ed\b|\bFinished cancel+ing\b/i;
const DRAINED = /\b(?:job|workflow|pipeline) (?:was |has been )?drained\b|\bdrain(?:ing)? (?:is |was |has )?complete/i;
/** Progress lines the service writes while workers run (Dataflow job logs, JOB_MESSAGE_BASIC/DETAILED). */
const RUNNING = [
  /^Starting \d+ workers?\b/,
  /^Workers have started successfully/,
  /^All workers have finished the startup processes/,
  /^(?:Executing|Finished) operation\b/,
  /^Autoscaling:/,
  /^Worker configuration:/,
  /^Executing BigQuery import job\b/,
];

export function readJobMessage(text: string, isError: boolean): JobMessageReading {
  const failed = WORKFLOW_FAILED.exec(text);
  if (failed !== null) {
    const cause = failed[1]?.trim();
    const reading: JobMessageReading = { status: 'failed', jobState: 'JOB_STATE_FAILED' };
    if (cause) {
      reading.cause = cause;
      const stage = STAGE_IN_CAUSE.exec(cause)?.[1];
      if (stage !== undefined) reading.stageId = stage;
    }
    return reading;
  }
  // The service runs a synthetic success step only when every stage finished.
  if (/\bExecuting success step\b/.test(text)) return { status: 'succeeded', jobState: 'JOB_STATE_DONE' };
  const state = JOB_STATE.exec(text)?.[1];
  const stateStatus = state === undefined ? undefined : ownValue(JOB_STATE_STATUS, state);
  if (state !== undefined && stateStatus !== undefined) {
    return stateStatus === 'failed' ? { status: stateStatus, jobState: state, cause: text } : { status: stateStatus, jobState: state };
  }
  if (CANCELLED.test(text)) return { status: 'cancelled', jobState: 'JOB_STATE_CANCELLED' };
  if (DRAINED.test(text)) return { status: 'cancelled', jobState: 'JOB_STATE_DRAINED' };
  if (isError) return { status: 'failed', cause: text };
  if (RUNNING.some((pattern) => pattern.test(text))) return { status: 'running' };
  // Teardown lines ("Cleaning up.", "Worker pool stopped.") follow success and failure alike: no outcome.
  return { status: 'info' };
}
