import { InputRejectedError } from '../domain/errors';
import type { LogEntry } from '../domain/log-entry';
import type { StructuredCodes } from '../domain/pipeline-event';
import { readAirflowLine } from './airflow-line';
import { airflowTelemetry } from './airflow-task-times';
import { canonicalExecutionDate, executionDateInRunId } from './airflow-run';
import type { SourceFacts } from './build-event';
import { entryText, isErrorSeverity } from './entry-fields';
import { exceptionTypeIn } from './exception-type';
import { asInteger, asRecord, firstString, stringMap } from './json';
import { errorText, reportedError } from './rpc-status';

export const COMPOSER_RESOURCE_TYPES = ['cloud_composer_environment'] as const;

/**
 * Entry labels Composer attaches to task logs (Airflow's workflow-context log processor):
 * workflow = dag id, task-id, execution-date, map-index, try-number. "run-id"/"run_id" are read
 * for environments that add them. try-number is not needed: retries share the run and the task.
 */
const DAG_LABELS = ['workflow', 'dag-id', 'dag_id'];
const TASK_LABELS = ['task-id', 'task_id'];
const RUN_LABELS = ['run-id', 'run_id'];

function label(labels: Record<string, string>, keys: readonly string[]): string | undefined {
  return firstString(...keys.map((key) => labels[key]));
}

/** "/home/airflow/gcs/dags/sales/load.py" -> "sales/load.py": the path users see in their DAGs bucket. */
function dagFileName(path: string): string {
  const marker = '/dags/';
  const at = path.lastIndexOf(marker);
  return at >= 0 ? path.slice(at + marker.length) : path;
}

function auditFacts(environment: string, entry: LogEntry): SourceFacts {
  const error = reportedError(asRecord(entry.protoPayload)?.status);
  const facts: SourceFacts = { pipelineId: environment, status: error ? 'failed' : 'info', codes: {} };
  if (error?.code !== undefined) facts.codes.rpcCode = error.code;
  const errorMessage = errorText(error);
  if (errorMessage !== undefined) facts.errorMessage = errorMessage;
  return facts;
}

export function composerFacts(entry: LogEntry): SourceFacts {
  const resourceLabels = stringMap(entry.resource.labels);
  const environment = resourceLabels.environment_name;
  const labels = stringMap(entry.labels);
  if (asRecord(entry.protoPayload) !== undefined && environment) return auditFacts(environment, entry);

  const text = entryText(entry) ?? '';
  const line = readAirflowLine(text, isErrorSeverity(entry));
  const dagId = label(labels, DAG_LABELS) ?? line.dagId;
  const pipelineId = dagId ?? (line.dagFile === undefined ? undefined : dagFileName(line.dagFile)) ?? environment;
  if (pipelineId === undefined || pipelineId.length === 0) {
    throw new InputRejectedError('missing_field', 'Composer entry names no DAG (labels.workflow) and no resource.labels.environment_name');
  }
  const rawRunId = label(labels, RUN_LABELS) ?? line.runId;
  const runId =
    canonicalExecutionDate(labels['execution-date']) ??
    canonicalExecutionDate(line.executionDate) ??
    executionDateInRunId(rawRunId) ??
    rawRunId ??
    line.dagFile;

  const codes: StructuredCodes = {};
  if (line.exitCode !== undefined) codes.airflowExitCode = line.exitCode;
  if (line.signal !== undefined) codes.signal = line.signal;
  const facts: SourceFacts = { pipelineId, status: line.status, codes };
  if (runId !== undefined) facts.runId = runId;
  const taskId = label(labels, TASK_LABELS) ?? line.taskId;
  const mapIndex = asInteger(labels['map-index']) ?? line.mapIndex;
  // Mapped task instances are separate stages; -1 is Airflow's "not mapped".
  if (taskId !== undefined) facts.stageId = mapIndex !== undefined && mapIndex >= 0 ? `${taskId}[${mapIndex}]` : taskId;
  const telemetry = airflowTelemetry(text, labels['try-number']);
  if (Object.keys(telemetry).length > 0) facts.telemetry = telemetry;
  if (facts.status === 'failed' && text.length > 0) {
    facts.errorMessage = text;
    const exceptionType = exceptionTypeIn(text);
    if (exceptionType !== undefined) codes.exceptionType = exceptionType;
  }
  return facts;
}
