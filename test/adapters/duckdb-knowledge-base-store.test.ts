import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbKnowledgeBaseStore } from '../../shared/src/adapters/duckdb/duckdb-knowledge-base-store';
import { PermanentStoreError } from '../../shared/src/core/domain/errors';
import { applyVerifiedResolution } from '../../shared/src/core/knowledge/learn-from-resolution';
import { recordVerifiedResolution } from '../../shared/src/core/knowledge/record-verified-resolution';
import { uploadKnowledgeCsv } from '../../shared/src/core/knowledge/upload-knowledge-csv';
import { validateKnowledgeCsv } from '../../shared/src/core/knowledge/validate-knowledge-csv';
import type { Clock } from '../../shared/src/core/ports/clock';
import { toDuckDbDdl } from '../../shared/src/core/schema/duckdb-ddl';
import { KNOWLEDGE_BASE_TABLE } from '../../shared/src/core/schema/tables';
import { IAM_RUNBOOK, RATE_LIMIT_ENTRY, SCHEMA_ENTRY } from '../helpers/knowledge-fixtures';

class SteppingClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return this.current;
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

const T1 = '2026-11-21T10:00:00.000Z';
const T2 = '2026-11-22T08:30:00.000Z';

describe('DuckDbKnowledgeBaseStore', () => {
  let dir: string;
  let database: DuckDbDatabase;
  let clock: SteppingClock;
  let store: DuckDbKnowledgeBaseStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiroaster-kb-'));
    database = await DuckDbDatabase.open(join(dir, 'kb.duckdb'));
    clock = new SteppingClock(new Date(T1));
    store = new DuckDbKnowledgeBaseStore(database, clock);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('inserts new ids and lists them by id with their timestamps, text kept exactly', async () => {
    await expect(store.upsertEntries([RATE_LIMIT_ENTRY, IAM_RUNBOOK])).resolves.toEqual({ inserted: 2, updated: 0 });

    expect(await store.listEntries()).toEqual([
      { ...RATE_LIMIT_ENTRY, createdAt: T1, updatedAt: T1 },
      { ...IAM_RUNBOOK, createdAt: T1, updatedAt: T1 },
    ]);
  });

  it('replaces known ids (keeping created_at), adds new ones and keeps entries it was not given', async () => {
    await store.upsertEntries([RATE_LIMIT_ENTRY, IAM_RUNBOOK]);
    clock.set(T2);
    const revised = { ...RATE_LIMIT_ENTRY, resolution: 'Use a batch load instead of single-row DML.', confidence: 0.8 };

    await expect(store.upsertEntries([revised, SCHEMA_ENTRY])).resolves.toEqual({ inserted: 1, updated: 1 });

    expect(await store.listEntries()).toEqual([
      { ...revised, createdAt: T1, updatedAt: T2 },
      { ...SCHEMA_ENTRY, createdAt: T2, updatedAt: T2 },
      { ...IAM_RUNBOOK, createdAt: T1, updatedAt: T1 },
    ]);
  });

  it('filters by category and knowledge type', async () => {
    await store.upsertEntries([RATE_LIMIT_ENTRY, IAM_RUNBOOK, SCHEMA_ENTRY]);
    expect((await store.listEntries({ category: 'schema_mismatch' })).map((entry) => entry.id)).toEqual(['df-schema-07']);
    expect((await store.listEntries({ knowledgeType: 'historical_error' })).map((entry) => entry.id)).toEqual(['bq-rate-001', 'df-schema-07']);
    expect(await store.listEntries({ category: 'disk_space_full' })).toEqual([]);
  });

  it('refuses an invalid or duplicated entry before writing anything', async () => {
    await store.upsertEntries([IAM_RUNBOOK]);
    const error = await store
      .upsertEntries([SCHEMA_ENTRY, { ...RATE_LIMIT_ENTRY, confidence: 1.5 }, { ...IAM_RUNBOOK, title: 'changed' }])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'bq-rate-001', reason: 'invalid', message: 'confidence: 1.5 is not a number between 0 and 1' }]);

    const duplicate = await store.upsertEntries([SCHEMA_ENTRY, SCHEMA_ENTRY]).catch((caught: unknown) => caught);
    expect((duplicate as PermanentStoreError).rowErrors).toEqual([
      { rowId: 'df-schema-07', reason: 'invalid', message: 'id: duplicate id "df-schema-07" (first used on row 1)' },
    ]);
    expect(await store.listEntries()).toEqual([{ ...IAM_RUNBOOK, createdAt: T1, updatedAt: T1 }]);
  });

  it('rolls the whole upsert back when the database refuses one row part-way', async () => {
    // Same table plus a CHECK the validator knows nothing about, so the third statement of the transaction fails.
    await database.close();
    database = await DuckDbDatabase.open(join(dir, 'checked.duckdb'), []);
    await database.write((connection) => connection.run(toDuckDbDdl(KNOWLEDGE_BASE_TABLE).replace(/\n\);$/, ",\n  CHECK (title <> 'poison')\n);")));
    store = new DuckDbKnowledgeBaseStore(database, clock);
    await store.upsertEntries([IAM_RUNBOOK]);
    clock.set(T2);

    const error = await store
      .upsertEntries([RATE_LIMIT_ENTRY, { ...IAM_RUNBOOK, title: 'renamed' }, { ...SCHEMA_ENTRY, title: 'poison' }])
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as Error).message).toMatch(/at entry df-schema-07; nothing was applied/);
    expect((error as PermanentStoreError).rowErrors[0]?.rowId).toBe('df-schema-07');
    expect(await store.listEntries()).toEqual([{ ...IAM_RUNBOOK, createdAt: T1, updatedAt: T1 }]);
    // The connection is usable afterwards: the transaction did not stay open.
    await expect(store.upsertEntries([RATE_LIMIT_ENTRY])).resolves.toEqual({ inserted: 1, updated: 0 });
  });

  it('commits learning as a compare-and-set', async () => {
    await store.upsertEntries([RATE_LIMIT_ENTRY]);
    const resolution = {
      category: 'rate_limiting',
      message: 'Exceeded rate limits: too many table update operations for this table.',
      strategy: 'retry_with_backoff',
      succeeded: true,
      source: 'bigquery',
    } as const;
    const learnedAt = { now: () => new Date(T2) };
    const { change } = applyVerifiedResolution(await store.listEntries(), resolution, learnedAt);
    expect(change.kind).toBe('updated');

    await expect(store.commitLearning(change)).resolves.toBe('applied');
    // Computed from the old counts: refused, nothing changes.
    await expect(store.commitLearning(change)).resolves.toBe('conflict');
    expect(await store.listEntries()).toEqual([{ ...RATE_LIMIT_ENTRY, successCount: 5, confidence: change.entry.confidence, createdAt: T1, updatedAt: T2 }]);

    const created = applyVerifiedResolution([], { ...resolution, category: 'disk_space_full', message: 'No space left on device', strategy: 'data_cleanup' }, learnedAt).change;
    await expect(store.commitLearning(created)).resolves.toBe('applied');
    await expect(store.commitLearning(created)).resolves.toBe('conflict');
    expect((await store.listEntries({ category: 'disk_space_full' }))[0]).toEqual({ ...created.entry, createdAt: T2, updatedAt: T2 });
  });

  it('counts every one of several concurrent verified outcomes exactly once', async () => {
    await store.upsertEntries([RATE_LIMIT_ENTRY]);
    const outcome = (succeeded: boolean) =>
      recordVerifiedResolution(
        store,
        { category: 'rate_limiting', message: RATE_LIMIT_ENTRY.errorPattern, strategy: 'retry_with_backoff', succeeded, source: 'bigquery' },
        clock,
        10,
      );

    await Promise.all([outcome(true), outcome(true), outcome(false), outcome(true)]);

    const [entry] = await store.listEntries();
    expect({ success: entry?.successCount, failure: entry?.failureCount }).toEqual({ success: 4 + 3, failure: 1 + 1 });
  });

  it('reports a row edited into something invalid by id instead of returning it', async () => {
    await store.upsertEntries([RATE_LIMIT_ENTRY, IAM_RUNBOOK]);
    await database.write((connection) => connection.run(`UPDATE knowledge_base SET recommended_strategy = 'reboot' WHERE id = 'iam-runbook-01'`));

    const error = await store.listEntries().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([
      { rowId: 'iam-runbook-01', reason: 'invalid', message: expect.stringMatching(/^recommended_strategy: "reboot" is not one of/) },
    ]);
  });

  it('takes the shipped seed CSV through uploadKnowledgeCsv in one transaction', async () => {
    const text = readFileSync(join(__dirname, '../../data/knowledge-base/seed.csv'), 'utf8');
    const expected = validateKnowledgeCsv(text);
    if (!expected.ok) throw new Error('seed.csv should be valid');

    const result = await uploadKnowledgeCsv(text, store);

    expect(result).toEqual({ ok: true, applied: expected.entries.length, inserted: expected.entries.length, updated: 0 });
    const stored = await store.listEntries();
    expect(stored.map(({ createdAt: _c, updatedAt: _u, ...entry }) => entry)).toEqual([...expected.entries].sort((a, b) => (a.id < b.id ? -1 : 1)));
    await expect(uploadKnowledgeCsv(text, store)).resolves.toMatchObject({ inserted: 0, updated: expected.entries.length });
  });
});
