import { InputRejectedError } from '../domain/errors';
import type { LogEntry } from '../domain/log-entry';
import type { StructuredCodes } from '../domain/pipeline-event';
import type { SourceFacts } from './build-event';
import { readJobMessage } from './dataflow-job-message';
import { entryText, isErrorSeverity, logIdOf } from './entry-fields';
import { exceptionTypeIn } from './exception-type';
import { asRecord, firstString, stringAt, stringMap } from './json';
import { errorText, reportedError } from './rpc-status';

export const DATAFLOW_RESOURCE_TYPES = ['dataflow_step'] as const;

const JOB_MESSAGE_LOG = 'dataflow.googleapis.com/job-message';

/**
 * Worker-side lines that report a failure even below ERROR: kernel OOM kills and full disks reach
 * the kubelet/vm logs as INFO or WARNING (Dataflow troubleshooting docs say to read INFO for them).
 */
const WORKER_FAILURE = /\bout of memory: kill(?:ed)? process|\bOOMKilled\b|java\.lang\.OutOfMemoryError|No space left on device/i;

function withCause(facts: SourceFacts, text: string | undefined): SourceFacts {
  if (text === undefined) return facts;
  facts.errorMessage = text;
  const exceptionType = exceptionTypeIn(text);
  if (exceptionType !== undefined) facts.codes.exceptionType = exceptionType;
  return facts;
}

function auditFacts(facts: SourceFacts, proto: Record<string, unknown>): SourceFacts {
  const error = reportedError(proto.status);
  if (error === undefined) return facts;
  facts.status = 'failed';
  if (error.code !== undefined) facts.codes.rpcCode = error.code;
  return withCause(facts, errorText(error));
}

function jobMessageFacts(facts: SourceFacts, entry: LogEntry): SourceFacts {
  const text = entryText(entry);
  if (text === undefined) return facts;
  const reading = readJobMessage(text, isErrorSeverity(entry));
  facts.status = reading.status;
  if (reading.jobState !== undefined) facts.codes.dataflowJobState = reading.jobState;
  if (reading.stageId !== undefined) facts.stageId = reading.stageId;
  return reading.status === 'failed' ? withCause(facts, reading.cause ?? text) : facts;
}

/** Worker, harness, kubelet, launcher... logs: jsonPayload.message plus, for Java, the stack in jsonPayload.exception. */
function workerFacts(facts: SourceFacts, entry: LogEntry): SourceFacts {
  const message = entryText(entry);
  const exception = stringAt(entry.jsonPayload, 'exception');
  const text = message !== undefined && exception !== undefined ? `${message}\n${exception}` : (message ?? exception);
  if (text === undefined || !(isErrorSeverity(entry) || WORKER_FAILURE.test(text))) return facts;
  facts.status = 'failed';
  return withCause(facts, text);
}

export function dataflowFacts(entry: LogEntry): SourceFacts {
  const labels = stringMap(entry.resource.labels);
  const entryLabels = stringMap(entry.labels);
  const jobId = firstString(labels.job_id, entryLabels['dataflow.googleapis.com/job_id']);
  const jobName = firstString(labels.job_name, entryLabels['dataflow.googleapis.com/job_name']);
  const pipelineId = jobName ?? jobId;
  if (pipelineId === undefined) {
    throw new InputRejectedError('missing_field', 'Dataflow entry has neither resource.labels.job_name nor resource.labels.job_id');
  }
  const codes: StructuredCodes = {};
  const facts: SourceFacts = { pipelineId, status: 'info', codes };
  if (jobId !== undefined) facts.runId = jobId;
  const stageId = firstString(stringAt(entry.jsonPayload, 'step'), stringAt(entry.jsonPayload, 'stage'), labels.step_id);
  if (stageId !== undefined) facts.stageId = stageId;
  const location = firstString(labels.region, entryLabels['dataflow.googleapis.com/region']);
  if (location !== undefined) facts.location = location;

  const proto = asRecord(entry.protoPayload);
  if (proto !== undefined) return auditFacts(facts, proto);
  if (logIdOf(entry) === JOB_MESSAGE_LOG) return jobMessageFacts(facts, entry);
  return workerFacts(facts, entry);
}
