import { normalizeLogEntry } from '../../../shared/src/core/normalize';
import { loadEntry, normalizeFixture } from './fixture';

describe('run telemetry stated by the log entry', () => {
  it('reads start, end, slots and load bytes from a BigQueryAuditMetadata jobChange jobStats', () => {
    expect(normalizeFixture('bigquery/new-format-job-succeeded.json').telemetry).toEqual({
      startedAt: '2026-11-21T04:12:31.260Z',
      endedAt: '2026-11-21T04:12:40.907Z',
      slotMs: 15734,
      outputBytes: 48211962,
    });
  });

  it('reads processed and billed bytes and slots from an AuditData jobCompletedEvent jobStatistics', () => {
    expect(normalizeFixture('bigquery/old-format-query-job-succeeded.json').telemetry).toEqual({
      startedAt: '2026-11-21T06:44:17.140Z',
      endedAt: '2026-11-21T06:44:19.398Z',
      bytesProcessed: 182736420,
      bytesBilled: 183500800,
      slotMs: 4127,
    });
  });

  it('reads queryStats and outputRowCount from the new format, int64 values given as strings', () => {
    const entry = loadEntry('bigquery/new-format-job-succeeded.json') as { protoPayload: { metadata: { jobChange: { job: Record<string, unknown> } } } };
    entry.protoPayload.metadata.jobChange.job.jobStats = {
      createTime: '2026-11-21T14:00:00.000Z',
      startTime: '2026-11-21T14:00:02.500Z',
      endTime: '2026-11-21T17:12:02.500Z',
      totalSlotMs: '99000123',
      queryStats: { totalProcessedBytes: '7340032000', totalBilledBytes: '7340032000', outputRowCount: '120453' },
    };
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.telemetry).toEqual({
      startedAt: '2026-11-21T14:00:02.500Z',
      endedAt: '2026-11-21T17:12:02.500Z',
      slotMs: 99000123,
      bytesProcessed: 7340032000,
      bytesBilled: 7340032000,
      outputRows: 120453,
    });
  });

  it('reads run_start_date, run_end_date, try_number and max_tries from the scheduler TaskInstance Finished line', () => {
    expect(normalizeFixture('composer/scheduler-taskinstance-finished.json').telemetry).toEqual({
      startedAt: '2026-11-21T04:01:01.118Z',
      endedAt: '2026-11-21T04:02:10.812Z',
      tryNumber: 4,
      maxTries: 4,
    });
  });

  it('reads start_date and end_date from a worker "Marking task as SUCCESS" line and the try-number label', () => {
    expect(normalizeFixture('composer/worker-marking-task-success.json').telemetry).toEqual({
      startedAt: '2026-11-21T04:01:01.000Z',
      endedAt: '2026-11-21T04:02:10.000Z',
      tryNumber: 4,
    });
  });

  it('derives the end from run_duration when the line gives only the start', () => {
    const entry = { ...loadEntry('composer/scheduler-taskinstance-finished.json') };
    entry.textPayload = 'TaskInstance Finished: dag_id=sales_daily, task_id=load_orders, run_id=scheduled__2026-11-21T03:00:00+00:00, map_index=-1, run_start_date=2026-11-21 04:01:00+00:00, run_duration=69.5, state=success, executor_state=success, try_number=1, max_tries=2';
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.telemetry).toEqual({ startedAt: '2026-11-21T04:01:00.000Z', endedAt: '2026-11-21T04:02:09.500Z', tryNumber: 1, maxTries: 2 });
  });

  it('reads the attempt from "Starting attempt N of M"', () => {
    const entry: Record<string, unknown> = {
      ...loadEntry('composer/worker-marking-task-success.json'),
      labels: { workflow: 'sales_daily', 'task-id': 'load_orders', 'execution-date': '2026-11-21T03:00:00+00:00' },
      textPayload: 'Starting attempt 3 of 4',
    };
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.telemetry).toEqual({ tryNumber: 3, maxTries: 3 });
  });

  it('reads the Workflows execution start and end from the system log activityTime', () => {
    expect(normalizeFixture('workflows/system-log-execution-started.json').telemetry).toEqual({ startedAt: '2026-11-21T09:00:01.992Z' });
    expect(normalizeFixture('workflows/system-log-execution-succeeded.json').telemetry).toEqual({ endedAt: '2026-11-21T10:04:55.188Z' });
  });

  it('states nothing for a Dataflow job message: the run fold takes its start and end from the event times', () => {
    expect(normalizeFixture('dataflow/job-message-success-step.json').telemetry).toBeUndefined();
  });
});
