import { TransientStoreError } from '../../../shared/src/core/domain/errors';
import { checkStorableEntries, entriesFromRows, toKnowledgeBaseRow } from '../../../shared/src/core/knowledge/knowledge-base-rows';
import type { KnowledgeBaseStore, LearningCommit, StoredKnowledgeEntry } from '../../../shared/src/core/knowledge/knowledge-base-store';
import { KNOWLEDGE_COLUMNS, type KnowledgeEntry } from '../../../shared/src/core/knowledge/knowledge-entry';
import type { LearningChange } from '../../../shared/src/core/knowledge/learn-from-resolution';
import { recordVerifiedResolution } from '../../../shared/src/core/knowledge/record-verified-resolution';
import { uploadKnowledgeCsv } from '../../../shared/src/core/knowledge/upload-knowledge-csv';
import { serializeKnowledgeCsv } from '../../../shared/src/core/knowledge/validate-knowledge-csv';
import { KNOWLEDGE_BASE_TABLE, TABLES, validateTableDefinition } from '../../../shared/src/core/schema/tables';
import { IAM_RUNBOOK, RATE_LIMIT_ENTRY, SCHEMA_ENTRY } from '../../helpers/knowledge-fixtures';

const NOW = '2026-11-21T10:00:00.000Z';
const clock = { now: () => new Date(NOW) };

/** Map-backed store with the port's semantics, counting calls. */
class MemoryKnowledgeBaseStore implements KnowledgeBaseStore {
  readonly entries = new Map<string, StoredKnowledgeEntry>();
  calls = { list: 0, upsert: 0, commit: 0 };
  /** Run before each commit, e.g. to simulate a concurrent writer. */
  beforeCommit: () => void = () => undefined;

  async listEntries(): Promise<StoredKnowledgeEntry[]> {
    this.calls.list += 1;
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((entry) => ({ ...entry }));
  }

  async upsertEntries(entries: readonly KnowledgeEntry[]): Promise<{ inserted: number; updated: number }> {
    this.calls.upsert += 1;
    let updated = 0;
    for (const entry of entries) {
      const before = this.entries.get(entry.id);
      if (before) updated += 1;
      this.entries.set(entry.id, { ...entry, createdAt: before?.createdAt ?? NOW, updatedAt: NOW });
    }
    return { inserted: entries.length - updated, updated };
  }

  async commitLearning(change: LearningChange): Promise<LearningCommit> {
    this.calls.commit += 1;
    this.beforeCommit();
    const stored = this.entries.get(change.entry.id);
    if (change.kind === 'created') {
      if (stored) return 'conflict';
    } else if (!stored || stored.successCount !== change.before.successCount || stored.failureCount !== change.before.failureCount || stored.confidence !== change.before.confidence) {
      return 'conflict';
    }
    const { createdAt: _c, updatedAt: _u, ...entry } = change.entry as StoredKnowledgeEntry;
    this.entries.set(entry.id, { ...entry, createdAt: stored?.createdAt ?? change.learnedAt, updatedAt: change.learnedAt });
    return 'applied';
  }
}

describe('knowledge_base table', () => {
  it('has one column per CSV column plus created_at and updated_at, keyed by id, and is generated with the others', () => {
    expect(KNOWLEDGE_BASE_TABLE.fields.map((field) => field.name)).toEqual([...KNOWLEDGE_COLUMNS, 'created_at', 'updated_at']);
    expect(KNOWLEDGE_BASE_TABLE.primaryKey).toEqual(['id']);
    expect(validateTableDefinition(KNOWLEDGE_BASE_TABLE)).toEqual([]);
    expect(TABLES).toContain(KNOWLEDGE_BASE_TABLE);
  });
});

describe('checkStorableEntries', () => {
  it('passes valid entries through the upload rules and returns them as validated (trimmed)', () => {
    expect(checkStorableEntries([{ ...RATE_LIMIT_ENTRY, title: ' padded ' }, IAM_RUNBOOK])).toEqual({
      ok: true,
      entries: [{ ...RATE_LIMIT_ENTRY, title: 'padded' }, IAM_RUNBOOK],
    });
    expect(checkStorableEntries([])).toEqual({ ok: true, entries: [] });
  });

  it('reports ranges that serializing would hide, by entry id', () => {
    expect(checkStorableEntries([{ ...RATE_LIMIT_ENTRY, confidence: 2 }, { ...IAM_RUNBOOK, successCount: 1.5, failureCount: -1 }, { ...SCHEMA_ENTRY, confidence: Number.NaN }])).toEqual({
      ok: false,
      problems: [
        { rowId: 'bq-rate-001', field: 'confidence', message: '2 is not a number between 0 and 1' },
        { rowId: 'iam-runbook-01', field: 'success_count', message: '1.5 is not a non-negative integer' },
        { rowId: 'iam-runbook-01', field: 'failure_count', message: '-1 is not a non-negative integer' },
        { rowId: 'df-schema-07', field: 'confidence', message: 'NaN is not a number between 0 and 1' },
      ],
    });
  });

  it('reports what the CSV validator refuses, and duplicate ids', () => {
    const result = checkStorableEntries([RATE_LIMIT_ENTRY, { ...SCHEMA_ENTRY, sourceUrl: 'not a url', title: '' }, RATE_LIMIT_ENTRY]);
    expect(result).toEqual({
      ok: false,
      problems: [
        { rowId: 'df-schema-07', field: 'title', message: 'is required' },
        { rowId: 'df-schema-07', field: 'source_url', message: '"not a url" is not an http(s) URL' },
        { rowId: 'bq-rate-001', field: 'id', message: 'duplicate id "bq-rate-001" (first used on row 1)' },
      ],
    });
  });
});

describe('entriesFromRows', () => {
  const row = { ...toKnowledgeBaseRow(RATE_LIMIT_ENTRY, NOW, '2026-11-22T00:00:00.123456Z') };

  it('reads driver-typed rows (bigint counts, numeric text) back into entries', () => {
    expect(entriesFromRows([{ ...row, success_count: 4n, failure_count: '1', confidence: '0.9' }])).toEqual({
      ok: true,
      entries: [{ ...RATE_LIMIT_ENTRY, createdAt: NOW, updatedAt: '2026-11-22T00:00:00.123456Z' }],
    });
  });

  it('names the row and column of unreadable or invalid stored values', () => {
    expect(entriesFromRows([{ ...row, title: null, created_at: '2026-11-21 10:00:00' }])).toEqual({
      ok: false,
      problems: [
        { rowId: 'bq-rate-001', field: 'title', message: 'unreadable stored value NULL' },
        { rowId: 'bq-rate-001', field: 'created_at', message: 'expected an RFC 3339 UTC timestamp, got "2026-11-21 10:00:00"' },
      ],
    });
    expect(entriesFromRows([{ ...row, confidence: 1.25 }])).toEqual({
      ok: false,
      problems: [{ rowId: 'bq-rate-001', field: 'confidence', message: '"1.25" must be a decimal number between 0 and 1' }],
    });
  });
});

describe('uploadKnowledgeCsv', () => {
  it('applies a valid file in one upsert and reports the counts', async () => {
    const store = new MemoryKnowledgeBaseStore();
    await store.upsertEntries([IAM_RUNBOOK]);
    await expect(uploadKnowledgeCsv(serializeKnowledgeCsv([RATE_LIMIT_ENTRY, IAM_RUNBOOK]), store)).resolves.toEqual({ ok: true, applied: 2, inserted: 1, updated: 1 });
    expect(store.calls.upsert).toBe(2);
  });

  it('returns every validation error and never touches the store', async () => {
    const store = new MemoryKnowledgeBaseStore();
    const text = serializeKnowledgeCsv([RATE_LIMIT_ENTRY, SCHEMA_ENTRY]).replace('retry_with_backoff', 'wait').replace('0.75', 'high');
    const result = await uploadKnowledgeCsv(text, store);
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ row: 1, field: 'recommended_strategy', line: 2 }),
        expect.objectContaining({ row: 2, field: 'confidence', line: 3 }),
      ],
    });
    expect(store.calls).toEqual({ list: 0, upsert: 0, commit: 0 });
  });
});

describe('recordVerifiedResolution', () => {
  const resolution = { category: 'rate_limiting', message: RATE_LIMIT_ENTRY.errorPattern, strategy: 'retry_with_backoff', succeeded: false, source: 'bigquery' } as const;

  it('re-reads and recomputes after a conflict, so a concurrent outcome is not overwritten', async () => {
    const store = new MemoryKnowledgeBaseStore();
    await store.upsertEntries([RATE_LIMIT_ENTRY]);
    let interfered = false;
    store.beforeCommit = () => {
      if (interfered) return;
      interfered = true;
      const current = store.entries.get('bq-rate-001') as StoredKnowledgeEntry;
      store.entries.set('bq-rate-001', { ...current, successCount: current.successCount + 1 });
    };

    const change = await recordVerifiedResolution(store, resolution, clock);

    expect(change.kind).toBe('updated');
    expect(store.calls).toMatchObject({ list: 2, commit: 2 });
    expect(store.entries.get('bq-rate-001')).toMatchObject({ successCount: 5, failureCount: 2, updatedAt: NOW });
  });

  it('gives up with a TransientStoreError after maxAttempts conflicts', async () => {
    const store = new MemoryKnowledgeBaseStore();
    await store.upsertEntries([RATE_LIMIT_ENTRY]);
    store.beforeCommit = () => {
      const current = store.entries.get('bq-rate-001') as StoredKnowledgeEntry;
      store.entries.set('bq-rate-001', { ...current, failureCount: current.failureCount + 1 });
    };
    await expect(recordVerifiedResolution(store, resolution, clock, 2)).rejects.toBeInstanceOf(TransientStoreError);
    expect(store.calls.commit).toBe(2);
    await expect(recordVerifiedResolution(store, resolution, clock, 0)).rejects.toThrow(RangeError);
  });

  it('adds a learned entry for a message nothing matches', async () => {
    const store = new MemoryKnowledgeBaseStore();
    const change = await recordVerifiedResolution(store, { ...resolution, category: 'disk_space_full', message: 'No space left on device', strategy: 'data_cleanup', succeeded: true }, clock);
    expect(change.kind).toBe('created');
    expect([...store.entries.keys()]).toEqual([change.entry.id]);
  });
});
