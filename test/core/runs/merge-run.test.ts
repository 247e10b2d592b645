import type { ClassifiedEvent } from '../../../shared/src/core/domain/pipeline-event';
import { mergeRuns, runOfEvent } from '../../../shared/src/core/runs/merge-run';
import { normalizeFixture } from '../normalize/fixture';
import { minimalEvent } from '../../helpers/classified-event-fixture';

function event(overrides: Partial<ClassifiedEvent>): ClassifiedEvent {
  return minimalEvent({ source: 'composer', pipelineId: 'sales_daily', runId: '2026-11-21T03:00:00+00:00', ...overrides });
}

const started = event({ eventId: 'a', status: 'running', occurredAt: '2026-11-21T04:00:00Z', stageId: 'extract', telemetry: { tryNumber: 1 } });
const failedTry = event({ eventId: 'b', status: 'failed', occurredAt: '2026-11-21T04:10:00Z', stageId: 'load', category: 'network_timeout', telemetry: { startedAt: '2026-11-21T04:05:00.000Z', endedAt: '2026-11-21T04:09:59.000Z', tryNumber: 1 } });
const retried = event({ eventId: 'c', status: 'running', occurredAt: '2026-11-21T04:15:00Z', stageId: 'load', telemetry: { tryNumber: 2 } });
const succeeded = event({ eventId: 'd', status: 'succeeded', occurredAt: '2026-11-21T04:31:00Z', stageId: 'load', telemetry: { startedAt: '2026-11-21T04:15:00.000Z', endedAt: '2026-11-21T04:30:00.000Z', tryNumber: 3 } });
const events = [started, failedTry, retried, succeeded];

function fold(list: ClassifiedEvent[]) {
  return list.map((item) => runOfEvent(item, null)).reduce(mergeRuns);
}

describe('folding the events of one run into its pipeline_runs row', () => {
  it('takes the earliest start, the latest logged end, the latest status and the most retried task', () => {
    const run = fold(events);
    expect(run).toMatchObject({
      status: 'succeeded',
      startedAt: '2026-11-21T04:00:00.000Z',
      endedAt: '2026-11-21T04:30:00.000Z',
      durationMs: 30 * 60_000,
      retries: 2,
      failedStages: ['load'],
      errorSignatures: ['network_timeout'],
    });
  });

  it('gives the same row whatever the delivery order and however often an event is redelivered', () => {
    const inOrder = fold(events);
    expect(fold([succeeded, retried, started, failedTry])).toEqual(inOrder);
    expect(fold([...events, succeeded, failedTry, started])).toEqual(inOrder);
  });

  it('has no duration while the run is live again after a failed try', () => {
    const run = fold([started, failedTry, retried]);
    expect(run.status).toBe('running');
    expect(run.durationMs).toBeNull();
  });

  it('keeps the BigQuery job statistics of the completion entry', () => {
    const completion = { ...normalizeFixture('bigquery/old-format-query-job-succeeded.json'), category: null };
    expect(runOfEvent(completion, null)).toMatchObject({
      status: 'succeeded',
      startedAt: '2026-11-21T06:44:17.140Z',
      durationMs: 2258,
      bytesProcessed: 182736420,
      bytesBilled: 183500800,
      slotMs: 4127,
    });
  });

  it('measures a Dataflow job from its first event to the terminal state', () => {
    const start = { ...normalizeFixture('dataflow/job-message-success-step.json'), status: 'running' as const, occurredAt: '2026-11-21T01:00:12.000Z', category: null };
    const done = { ...normalizeFixture('dataflow/job-message-success-step.json'), category: null };
    const run = mergeRuns(runOfEvent(start, null), runOfEvent(done, null));
    expect(run.status).toBe('succeeded');
    expect(run.durationMs).toBe(Date.parse(done.occurredAt) - Date.parse('2026-11-21T01:00:12.000Z'));
  });
});
