import { applyVerifiedResolution, updatedConfidence, type VerifiedResolution } from '../../../shared/src/core/knowledge/learn-from-resolution';
import type { KnowledgeEntry } from '../../../shared/src/core/knowledge/knowledge-entry';
import { serializeKnowledgeCsv, validateKnowledgeCsv } from '../../../shared/src/core/knowledge/validate-knowledge-csv';
import type { Clock } from '../../../shared/src/core/ports/clock';

const clock: Clock = { now: () => new Date('2026-11-21T10:15:30.000Z') };

const seeded: KnowledgeEntry = {
  id: 'bq-rate-001',
  knowledgeType: 'historical_error',
  category: 'rate_limiting',
  sourceSystem: 'bigquery',
  title: 'Table update rate exceeded',
  errorPattern: 'Exceeded rate limits: too many table update operations for this table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
  resolution: 'Batch updates; retry with backoff.',
  recommendedStrategy: 'retry_with_backoff',
  sourceUrl: 'https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
  confidence: 0.9,
  successCount: 0,
  failureCount: 0,
};
const runbook: KnowledgeEntry = { ...seeded, id: 'rb-1', knowledgeType: 'runbook', errorPattern: '' };

function resolution(overrides: Partial<VerifiedResolution> = {}): VerifiedResolution {
  return {
    category: 'rate_limiting',
    message: 'Exceeded rate limits: too many table update operations for this table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
    strategy: 'retry_with_backoff',
    succeeded: true,
    source: 'bigquery',
    ...overrides,
  };
}

describe('applyVerifiedResolution', () => {
  it('counts a success on the matching historical error and raises its confidence', () => {
    const { entries, change } = applyVerifiedResolution([runbook, seeded], resolution(), clock);
    expect(change.kind).toBe('updated');
    expect(entries[1]).toEqual({ ...seeded, successCount: 1, failureCount: 0, confidence: 0.95 });
    expect(entries[0]).toBe(runbook);
  });

  it('counts a failure and lowers the confidence', () => {
    const { entries } = applyVerifiedResolution([seeded], resolution({ succeeded: false }), clock);
    expect(entries[0]).toEqual({ ...seeded, successCount: 0, failureCount: 1, confidence: 0.45 });
  });

  it('matches the same error with different numbers, ids and case', () => {
    const entry = { ...seeded, errorPattern: 'Quota exceeded: Your table exceeded quota for imports or query appends per table. Job bqjob_r1a2b3c4d5_000001 at 2026-01-01T00:00:00Z' };
    const { change } = applyVerifiedResolution(
      [entry],
      resolution({ message: 'quota exceeded: your table exceeded quota for imports or query appends per table. job bqjob_r9z8y7x6w5_000777 at 2026-11-21T03:04:05Z' }),
      clock,
    );
    expect(change.kind).toBe('updated');
  });

  it('does not touch the original array or entries', () => {
    const entries = [seeded];
    applyVerifiedResolution(entries, resolution(), clock);
    expect(entries).toEqual([seeded]);
    expect(seeded.successCount).toBe(0);
  });

  it('adds a new historical error when no entry of that category and strategy matches', () => {
    const message = 'java.lang.OutOfMemoryError: Java heap space';
    const { entries, change } = applyVerifiedResolution([seeded], resolution({ category: 'memory_leak', message, strategy: 'scale_resources', source: 'dataflow' }), clock);
    expect(entries).toHaveLength(2);
    expect(change).toEqual({
      kind: 'created',
      learnedAt: '2026-11-21T10:15:30.000Z',
      entry: expect.objectContaining({
        knowledgeType: 'historical_error',
        category: 'memory_leak',
        sourceSystem: 'dataflow',
        errorPattern: message,
        recommendedStrategy: 'scale_resources',
        successCount: 1,
        failureCount: 0,
        confidence: 0.75,
      }),
    });
    expect(change.entry.id).toMatch(/^learned-memory_leak-20261121T101530Z-[0-9a-f]{8}$/);
  });

  it('treats the same message fixed by another strategy as new knowledge', () => {
    const { change } = applyVerifiedResolution([seeded], resolution({ strategy: 'pause' }), clock);
    expect(change.kind).toBe('created');
  });

  it('never reuses an existing id', () => {
    const r = resolution({ category: 'disk_space_full', message: 'No space left on device', strategy: 'data_cleanup' });
    const first = applyVerifiedResolution([], r, clock);
    const second = applyVerifiedResolution(first.entries, { ...r, strategy: 'data_cleanup', message: 'OSError: [Errno 28] totally different text here' }, clock);
    const ids = second.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('produces entries that survive a CSV round trip through the validator', () => {
    let entries: KnowledgeEntry[] = [seeded];
    entries = applyVerifiedResolution(entries, resolution({ category: 'schema_mismatch', message: 'Provided Schema does not match Table p:d.t. Field x has changed type from STRING to INTEGER', strategy: 'schema_fix', succeeded: false }), clock).entries;
    entries = applyVerifiedResolution(entries, resolution(), clock).entries;
    expect(validateKnowledgeCsv(serializeKnowledgeCsv(entries))).toEqual({ ok: true, entries });
  });

  it('rejects an empty message and a non-http source URL', () => {
    expect(() => applyVerifiedResolution([], resolution({ message: '  ' }), clock)).toThrow(RangeError);
    expect(() => applyVerifiedResolution([], resolution({ sourceUrl: 'ticket 42' }), clock)).toThrow(RangeError);
  });
});

describe('updatedConfidence', () => {
  it('moves less the more outcomes an entry has seen', () => {
    expect(updatedConfidence(0.5, 0, true)).toBe(0.75);
    expect(updatedConfidence(0.5, 98, true)).toBe(0.505);
    expect(updatedConfidence(1, 0, true)).toBe(1);
    expect(updatedConfidence(0, 0, false)).toBe(0);
  });
});
