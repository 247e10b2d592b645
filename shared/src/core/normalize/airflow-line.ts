import type { PipelineStatus } from '../domain/pipeline-event';
import { ownValue } from '../domain/own-value';

/** What one Airflow log line (worker, scheduler or DAG processor) says about a task instance. */
export interface AirflowLineReading {
  status: PipelineStatus;
  dagId?: string;
  taskId?: string;
  runId?: string;
  executionDate?: string;
  mapIndex?: number;
  exitCode?: number;
  signal?: string;
  /** DAG file that failed to import ("Broken DAG: [path]" / "Failed to import: path"). */
  dagFile?: string;
}

/** Linux signal numbers: Airflow reports a killed task as the negated number or as "Negsignal.NAME". */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10,
  SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
};

/** Task-instance states (airflow.utils.state.TaskInstanceState) as event statuses. */
const STATE_STATUS: Readonly<Record<string, PipelineStatus>> = {
  success: 'succeeded',
  failed: 'failed',
  // The attempt failed; Airflow retries it later under the same run and task.
  up_for_retry: 'failed',
  running: 'running',
  queued: 'running',
  scheduled: 'running',
  deferred: 'running',
  restarting: 'running',
  up_for_reschedule: 'running',
  // The task never ran: an upstream failure or a branch decision, not this task's outcome.
  upstream_failed: 'info',
  skipped: 'info',
  removed: 'info',
};

function field(text: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|[\\s,(])${key}=(?:'([^'\\n]{0,1024})'|([^,\\s)]{1,1024}))`).exec(text);
  return match?.[1] ?? match?.[2];
}

function quotedField(text: string, label: string): string | undefined {
  return new RegExp(`'${label}': '([^'\\n]{0,1024})'`).exec(text)?.[1];
}

function withTaskFields(reading: AirflowLineReading, text: string): AirflowLineReading {
  const dagId = field(text, 'dag_id');
  const taskId = field(text, 'task_id');
  const runId = field(text, 'run_id');
  const executionDate = field(text, 'execution_date');
  const mapIndex = field(text, 'map_index');
  if (dagId !== undefined) reading.dagId = dagId;
  if (taskId !== undefined) reading.taskId = taskId;
  if (runId !== undefined) reading.runId = runId;
  if (executionDate !== undefined) reading.executionDate = executionDate;
  if (mapIndex !== undefined && /^-?\d+$/.test(mapIndex)) reading.mapIndex = Number.parseInt(mapIndex, 10);
  return reading;
}

function exitReading(text: string): AirflowLineReading | undefined {
  const match = /Task exited with return code (?:Negsignal\.)?(SIG[A-Z0-9]{1,16}|-?\d{1,10})/.exec(text);
  const raw = match?.[1];
  if (raw === undefined) return undefined;
  if (raw.startsWith('SIG')) {
    const number = ownValue(SIGNAL_NUMBERS, raw);
    return number === undefined ? { status: 'failed', signal: raw } : { status: 'failed', signal: raw, exitCode: -number };
  }
  const exitCode = Number.parseInt(raw, 10);
  const reading: AirflowLineReading = { status: exitCode === 0 ? 'succeeded' : 'failed', exitCode };
  // A negative return code is Python's way of saying the process died of that signal.
  const signal = Object.entries(SIGNAL_NUMBERS).find(([, number]) => -number === exitCode)?.[0];
  if (signal !== undefined) reading.signal = signal;
  return reading;
}

/** Airflow's TaskInstance repr: "<TaskInstance: dag.task run_id [state]>" (map_index before the state when mapped). */
function taskInstanceRepr(text: string): AirflowLineReading | undefined {
  const match = /<TaskInstance: ([\w-]{1,250})\.([^\s.][^\s]{0,250}) ([^\s]{1,250}) (?:map_index=(-?\d{1,10}) )?\[\w{1,32}\]>/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return undefined;
  const reading: AirflowLineReading = { status: 'info', dagId: match[1], taskId: match[2], runId: match[3] };
  if (match[4] !== undefined) reading.mapIndex = Number.parseInt(match[4], 10);
  return reading;
}

/** "TaskInstanceKey(dag_id='d', task_id='t', run_id='r', try_number=1, map_index=-1)" in scheduler lines. */
function taskInstanceKey(text: string): AirflowLineReading | undefined {
  const match = /TaskInstanceKey\(dag_id='([^'\n]{1,250})', task_id='([^'\n]{1,250})', run_id='([^'\n]{1,250})'(?:, try_number=\d{1,10})?(?:, map_index=(-?\d{1,10}))?\)/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return undefined;
  const reading: AirflowLineReading = { status: 'info', dagId: match[1], taskId: match[2], runId: match[3] };
  if (match[4] !== undefined) reading.mapIndex = Number.parseInt(match[4], 10);
  return reading;
}

/** Both phrases, the second after the first: two literal searches instead of a [\s\S]* pattern that rescans to the end from every first phrase. */
function includesInOrder(text: string, first: string, second: string): boolean {
  const at = text.indexOf(first);
  return at >= 0 && text.indexOf(second, at + first.length) >= 0;
}

/** "Broken DAG: [path]": the first such marker and the next closing bracket, found by two literal searches. */
function brokenDagFile(text: string): string | undefined {
  const marker = 'Broken DAG: [';
  const at = text.indexOf(marker);
  if (at < 0) return undefined;
  const close = text.indexOf(']', at + marker.length);
  return close > at + marker.length ? text.slice(at + marker.length, close) : undefined;
}

function withStatus(reading: AirflowLineReading | undefined, status: PipelineStatus): AirflowLineReading {
  return reading === undefined ? { status } : { ...reading, status };
}

/**
 * Scheduler lines about one task instance (airflow/jobs/scheduler_job_runner.py, Airflow 2.x).
 * The executor's verdict counts where the task instance itself never reached a final state:
 * "finished (failed) although the task says it's queued" and "stuck in queued as failed" both end
 * in handle_failure, and a "TaskInstance Finished" line with state=queued/running but
 * executor_state=failed is the same event seen from the other side.
 */
function schedulerReading(text: string): AirflowLineReading | undefined {
  if (includesInOrder(text, 'Executor reports task instance', "although the task says it's") || /\bstuck in queued as failed\b/.test(text)) {
    return withStatus(taskInstanceRepr(text), 'failed');
  }
  const event = /Received executor event with state (\w{1,32}) for task instance/.exec(text)?.[1];
  if (event !== undefined) return withStatus(taskInstanceKey(text), ownValue(STATE_STATUS, event) ?? 'info');
  if (text.includes('TaskInstance Finished:')) {
    const state = field(text, 'state');
    const executorState = field(text, 'executor_state');
    let status = (state === undefined ? undefined : ownValue(STATE_STATUS, state)) ?? 'info';
    if (status === 'running' && executorState === 'failed') status = 'failed';
    return withTaskFields({ status }, text);
  }
  return undefined;
}

export function readAirflowLine(text: string, isError: boolean): AirflowLineReading {
  const marking = /Marking task as ([A-Z_]{1,32})\b/.exec(text)?.[1];
  if (marking !== undefined) return withTaskFields({ status: ownValue(STATE_STATUS, marking.toLowerCase()) ?? 'info' }, text);
  const exit = exitReading(text);
  if (exit !== undefined) return exit;
  const brokenDag = brokenDagFile(text) ?? /Failed to import: (\S{1,1024})/.exec(text)?.[1];
  if (brokenDag !== undefined) return { status: 'failed', dagFile: brokenDag };
  const scheduler = schedulerReading(text);
  if (scheduler !== undefined) return scheduler;
  if (text.includes('Detected zombie job')) {
    const reading: AirflowLineReading = { status: 'failed' };
    const dagId = quotedField(text, 'DAG Id');
    const taskId = quotedField(text, 'Task Id');
    const runId = quotedField(text, 'Run Id');
    if (dagId !== undefined) reading.dagId = dagId;
    if (taskId !== undefined) reading.taskId = taskId;
    if (runId !== undefined) reading.runId = runId;
    return reading;
  }
  if (/Running <TaskInstance: /.test(text)) return withStatus(taskInstanceRepr(text), 'running');
  if (/Starting attempt \d{1,6} of \d{1,6}|Executing <Task\(/.test(text)) return { status: 'running' };
  // Any other line that names one task instance belongs to its run, whatever it says about it.
  return withStatus(taskInstanceRepr(text) ?? taskInstanceKey(text), isError ? 'failed' : 'info');
}
