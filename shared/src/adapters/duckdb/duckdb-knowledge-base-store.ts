import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { PermanentStoreError } from '../../core/domain/errors';
import { checkStorableEntries, entriesFromRows, toKnowledgeBaseRow, type KnowledgeRowProblem } from '../../core/knowledge/knowledge-base-rows';
import type { KnowledgeBaseStore, KnowledgeQuery, LearningCommit, StoredKnowledgeEntry, UpsertSummary } from '../../core/knowledge/knowledge-base-store';
import type { KnowledgeEntry } from '../../core/knowledge/knowledge-entry';
import type { LearningChange } from '../../core/knowledge/learn-from-resolution';
import type { Clock } from '../../core/ports/clock';
import { quoteIdentifier } from '../../core/schema/duckdb-ddl';
import { KNOWLEDGE_BASE_TABLE, type KnowledgeBaseRow } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';

const TABLE = quoteIdentifier(KNOWLEDGE_BASE_TABLE.name);
const FIELDS = KNOWLEDGE_BASE_TABLE.fields;
const COLUMNS = FIELDS.map((field) => quoteIdentifier(field.name)).join(', ');
const PLACEHOLDERS = FIELDS.map((field, index) => (field.type === 'TIMESTAMP' ? `CAST($${index + 1} AS TIMESTAMPTZ)` : `$${index + 1}`)).join(', ');
/** On a known id every column but the key and created_at takes the new value. */
const ON_CONFLICT_UPDATE = FIELDS.filter((field) => field.name !== 'id' && field.name !== 'created_at')
  .map((field) => `${quoteIdentifier(field.name)} = excluded.${quoteIdentifier(field.name)}`)
  .join(', ');

const UPSERT = `INSERT INTO ${TABLE} (${COLUMNS}) VALUES (${PLACEHOLDERS}) ON CONFLICT (id) DO UPDATE SET ${ON_CONFLICT_UPDATE}`;
const INSERT_IF_ABSENT = `INSERT INTO ${TABLE} (${COLUMNS}) VALUES (${PLACEHOLDERS}) ON CONFLICT DO NOTHING`;
const UPDATE_IF_UNCHANGED = `UPDATE ${TABLE}
   SET success_count = $1, failure_count = $2, confidence = $3, updated_at = CAST($4 AS TIMESTAMPTZ)
 WHERE id = $5 AND success_count = $6 AND failure_count = $7 AND confidence = $8`;

// TIMESTAMPTZ formatted in UTC explicitly, with milliseconds like Date#toISOString.
const iso = (column: string): string => `strftime(${column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS ${column}`;
const SELECT = `SELECT ${FIELDS.map((field) => (field.type === 'TIMESTAMP' ? iso(field.name) : quoteIdentifier(field.name))).join(', ')} FROM ${TABLE}`;

/**
 * KnowledgeBaseStore on the embedded database. An upsert runs in one transaction on the writer
 * connection (writes are queued one at a time by DuckDbDatabase): every row goes in, or, when any
 * statement fails, ROLLBACK leaves the table as it was.
 */
export class DuckDbKnowledgeBaseStore implements KnowledgeBaseStore {
  constructor(
    private readonly database: DuckDbDatabase,
    private readonly clock: Clock,
  ) {}

  async listEntries(query: KnowledgeQuery = {}): Promise<StoredKnowledgeEntry[]> {
    const conditions: string[] = [];
    const values: string[] = [];
    if (query.category !== undefined) conditions.push(`category = $${values.push(query.category)}`);
    if (query.knowledgeType !== undefined) conditions.push(`knowledge_type = $${values.push(query.knowledgeType)}`);
    const sql = `${SELECT}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id`;
    let rows: Record<string, unknown>[];
    try {
      rows = await this.database.read(async (connection) => (await connection.runAndReadAll(sql, values)).getRowObjectsJS() as Record<string, unknown>[]);
    } catch (error) {
      throw toStoreError(error, `reading ${KNOWLEDGE_BASE_TABLE.name}`);
    }
    const stored = entriesFromRows(rows);
    if (!stored.ok) throw invalidRows(`${KNOWLEDGE_BASE_TABLE.name} holds rows that are not valid knowledge entries`, stored.problems);
    return stored.entries;
  }

  async upsertEntries(entries: readonly KnowledgeEntry[]): Promise<UpsertSummary> {
    const checked = checkStorableEntries(entries);
    if (!checked.ok) throw invalidRows('refused the knowledge-base upsert; nothing was applied', checked.problems);
    if (checked.entries.length === 0) return { inserted: 0, updated: 0 };
    const now = this.clock.now().toISOString();
    return this.database.write(async (connection) => {
      let current: KnowledgeEntry | undefined;
      try {
        await connection.run('BEGIN TRANSACTION');
        const existing = new Set(
          ((await connection.runAndReadAll(`SELECT id FROM ${TABLE}`)).getRowObjectsJS() as Array<{ id: string }>).map((row) => row.id),
        );
        const statement = await connection.prepare(UPSERT);
        try {
          for (const entry of checked.entries) {
            current = entry;
            statement.bind(bindRow(toKnowledgeBaseRow(entry, now, now)));
            await statement.run();
          }
        } finally {
          statement.destroySync();
        }
        await connection.run('COMMIT');
        const updated = checked.entries.filter((entry) => existing.has(entry.id)).length;
        return { inserted: checked.entries.length - updated, updated };
      } catch (error) {
        await rollback(connection);
        const where = current ? ` at entry ${current.id}` : '';
        throw toStoreError(error, `upserting ${checked.entries.length} entries into ${KNOWLEDGE_BASE_TABLE.name} failed${where}; nothing was applied`, current?.id);
      }
    });
  }

  async commitLearning(change: LearningChange): Promise<LearningCommit> {
    try {
      const result =
        change.kind === 'created'
          ? await this.database.writePrepared(INSERT_IF_ABSENT, bindRow(toKnowledgeBaseRow(change.entry, change.learnedAt, change.learnedAt)))
          : await this.database.writePrepared(UPDATE_IF_UNCHANGED, [
              BigInt(change.entry.successCount),
              BigInt(change.entry.failureCount),
              change.entry.confidence,
              change.learnedAt,
              change.entry.id,
              BigInt(change.before.successCount),
              BigInt(change.before.failureCount),
              change.before.confidence,
            ]);
      return result.rowsChanged === 1 ? 'applied' : 'conflict';
    } catch (error) {
      throw toStoreError(error, `learning into ${KNOWLEDGE_BASE_TABLE.name} entry ${change.entry.id}`, change.entry.id);
    }
  }
}

/** Positional values in field order; INTEGER columns bind as BIGINT (a JS number would bind as DOUBLE). */
function bindRow(row: KnowledgeBaseRow): DuckDBValue[] {
  return FIELDS.map((field) => {
    const value = row[field.name];
    return field.type === 'INTEGER' ? BigInt(value) : value;
  });
}

/** Best effort: when BEGIN itself failed there is nothing to undo, and the original error is what matters. */
async function rollback(connection: DuckDBConnection): Promise<void> {
  await connection.run('ROLLBACK').catch(() => undefined);
}

function invalidRows(message: string, problems: readonly KnowledgeRowProblem[]): PermanentStoreError {
  const detail = problems.map((problem) => `${problem.rowId} ${problem.field}: ${problem.message}`).join('; ');
  return new PermanentStoreError(
    `${message}: ${detail}`,
    problems.map((problem) => ({ rowId: problem.rowId, reason: 'invalid', message: `${problem.field}: ${problem.message}` })),
  );
}
