import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { TransientStoreError } from '../../core/domain/errors';
import {
  CLOSED_BREAKER,
  EMPTY_LEDGER,
  type BreakerState,
  type BudgetLedger,
  type ClaimResult,
  type CoordinationStore,
  type PauseFlag,
  type PauseSwitches,
  type PauseTarget,
  type StateUpdate,
} from '../../core/remediation/coordination-store';
import { REMEDIATION_ACTIONS_TABLE, type RecordPatch, type RemediationRecord, type RemediationStatus } from '../../core/remediation/remediation-record';
import { LOCAL_REMEDIATION_ACTIONS_TABLE } from '../../core/analytics/views';

/** Anything that runs write tasks one at a time on one connection, e.g. the shared DuckDbDatabase. */
export interface DuckDbWriter {
  write<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
}

/** Serializes tasks on a connection this store owns (tests, or a process that only coordinates). */
export function serialWriter(connection: DuckDBConnection): DuckDbWriter {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    write<T>(task: (c: DuckDBConnection) => Promise<T>): Promise<T> {
      const result = tail.then(() => task(connection), () => task(connection));
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/** Exported for the local report reader, which reads the same records. */
export const DUCKDB_REMEDIATION_ACTIONS_TABLE = LOCAL_REMEDIATION_ACTIONS_TABLE;
const ACTIONS = DUCKDB_REMEDIATION_ACTIONS_TABLE;
const FIELDS = REMEDIATION_ACTIONS_TABLE.fields;
const COLUMNS = FIELDS.map((f) => f.name);
// Timestamps stay ISO-8601 text: every writer uses toISOString(), so string order is time order and values round-trip exactly.
const SQL_TYPE = { STRING: 'VARCHAR', TIMESTAMP: 'VARCHAR', JSON: 'VARCHAR', INTEGER: 'BIGINT', FLOAT: 'DOUBLE', BOOLEAN: 'BOOLEAN' } as const;
const OPEN = `settled_at IS NULL AND deadline_at IS NOT NULL`;
const MAX_CONFLICT_RETRIES = 8;

const DDL = [
  `CREATE TABLE IF NOT EXISTS coordination_claims (action_key VARCHAR PRIMARY KEY, claimed_at VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS coordination_state (kind VARCHAR NOT NULL, scope_id VARCHAR NOT NULL, state VARCHAR NOT NULL, PRIMARY KEY (kind, scope_id))`,
  `CREATE TABLE IF NOT EXISTS ${ACTIONS} (${FIELDS.map((f) => `${f.name} ${SQL_TYPE[f.type]}${f.mode === 'REQUIRED' ? ' NOT NULL' : ''}`).join(', ')}, PRIMARY KEY (action_key))`,
];

type StateKind = 'budget' | 'breaker' | 'pause';
const GLOBAL_SCOPE = '';

/**
 * CoordinationStore on the embedded DuckDB file (the local default). Claims rely on the primary key:
 * INSERT ... ON CONFLICT DO NOTHING RETURNING yields a row for exactly one caller. Read-modify-write
 * state runs in a transaction; with several connections on one database DuckDB may report a write
 * conflict instead, which is retried here (and for claims means someone else holds the key).
 */
export class DuckDbCoordinationStore implements CoordinationStore {
  private constructor(private readonly writer: DuckDbWriter) {}

  static async open(writer: DuckDbWriter): Promise<DuckDbCoordinationStore> {
    // Connections opening at once race on CREATE TABLE IF NOT EXISTS; the loser sees a catalog conflict and retries.
    for (const statement of DDL) await withConflictRetry('creating coordination tables', () => writer.write((connection) => connection.run(statement)));
    return new DuckDbCoordinationStore(writer);
  }

  async claim(actionKey: string, claimedAt: Date): Promise<ClaimResult> {
    try {
      const rows = await this.rows(`INSERT INTO coordination_claims VALUES ($key, $at) ON CONFLICT DO NOTHING RETURNING action_key`, { key: actionKey, at: claimedAt.toISOString() });
      return rows.length === 1 ? 'claimed' : 'already_claimed';
    } catch (error) {
      // Another connection's concurrent insert of the same key surfaces as a constraint violation, not as "nothing inserted".
      if (/Duplicate key|violates primary key/i.test(messageOf(error))) return 'already_claimed';
      throw transient(error, `claiming ${actionKey}`);
    }
  }

  /** The record's primary key is the claim: one INSERT ... ON CONFLICT DO NOTHING writes both or neither. */
  async claimWithRecord(record: RemediationRecord): Promise<ClaimResult> {
    const params: Record<string, DuckDBValue> = {};
    for (const column of COLUMNS) params[column] = record[column];
    try {
      const rows = await this.rows(`INSERT INTO ${ACTIONS} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `$${c}`).join(', ')}) ON CONFLICT DO NOTHING RETURNING action_key`, params);
      return rows.length === 1 ? 'claimed' : 'already_claimed';
    } catch (error) {
      if (/Duplicate key|violates primary key/i.test(messageOf(error))) return 'already_claimed';
      throw transient(error, `claiming ${record.action_key} with its record`);
    }
  }

  updateBudget<T>(pipelineId: string, mutate: (ledger: BudgetLedger) => StateUpdate<BudgetLedger, T>): Promise<T> {
    return this.updateState('budget', pipelineId, EMPTY_LEDGER, mutate);
  }

  updateBreaker<T>(pipelineId: string, mutate: (state: BreakerState) => StateUpdate<BreakerState, T>): Promise<T> {
    return this.updateState('breaker', pipelineId, CLOSED_BREAKER, mutate);
  }

  async readPause(pipelineId: string): Promise<PauseSwitches> {
    const rows = await this.rows(`SELECT scope_id, state FROM coordination_state WHERE kind = 'pause' AND scope_id IN ($global, $pipeline)`, { global: GLOBAL_SCOPE, pipeline: pipelineId });
    const flag = (scope: string): PauseFlag | null => {
      const row = rows.find((r) => r.scope_id === scope);
      return row === undefined ? null : (JSON.parse(String(row.state)) as PauseFlag);
    };
    return { global: flag(GLOBAL_SCOPE), pipeline: flag(pipelineId) };
  }

  async setPause(target: PauseTarget, flag: PauseFlag | null): Promise<void> {
    const scope = target.scope === 'global' ? GLOBAL_SCOPE : target.pipelineId;
    if (flag === null) await this.rows(`DELETE FROM coordination_state WHERE kind = 'pause' AND scope_id = $scope`, { scope });
    else await this.rows(`INSERT OR REPLACE INTO coordination_state VALUES ('pause', $scope, $state)`, { scope, state: JSON.stringify(flag) });
  }

  async putRecord(record: RemediationRecord): Promise<void> {
    const params: Record<string, DuckDBValue> = {};
    for (const column of COLUMNS) params[column] = record[column];
    await this.rows(`INSERT OR REPLACE INTO ${ACTIONS} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `$${c}`).join(', ')})`, params);
  }

  async getRecord(actionKey: string): Promise<RemediationRecord | null> {
    const rows = await this.rows(`SELECT * FROM ${ACTIONS} WHERE action_key = $key`, { key: actionKey });
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async transitionRecord(actionKey: string, expected: readonly RemediationStatus[], patch: RecordPatch): Promise<RemediationRecord | null> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (entries.length === 0 || expected.length === 0) return null;
    const params: Record<string, DuckDBValue> = { key: actionKey };
    entries.forEach(([, value], index) => (params[`v${index}`] = value as DuckDBValue));
    expected.forEach((status, index) => (params[`s${index}`] = status));
    // One statement: the condition and the change are atomic, so only one settle of an open record wins.
    const sql = `UPDATE ${ACTIONS} SET ${entries.map(([column], index) => `${column} = $v${index}`).join(', ')}
      WHERE action_key = $key AND settled_at IS NULL AND status IN (${expected.map((_, index) => `$s${index}`).join(', ')}) RETURNING *`;
    const rows = await withConflictRetry(`transitioning ${actionKey}`, () => this.rows(sql, params));
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async openForPipeline(pipelineId: string): Promise<RemediationRecord[]> {
    return (await this.rows(`SELECT * FROM ${ACTIONS} WHERE pipeline_id = $id AND ${OPEN} ORDER BY decided_at`, { id: pipelineId })).map(toRecord);
  }

  async recordsForRun(runId: string): Promise<RemediationRecord[]> {
    return (await this.rows(`SELECT * FROM ${ACTIONS} WHERE run_id = $id OR created_run_id = $id ORDER BY decided_at`, { id: runId })).map(toRecord);
  }

  async openDueBy(instant: string, limit: number): Promise<RemediationRecord[]> {
    const rows = await this.rows(`SELECT * FROM ${ACTIONS} WHERE ${OPEN} AND deadline_at <= $instant ORDER BY deadline_at LIMIT ${Math.max(1, Math.floor(limit))}`, { instant });
    return rows.map(toRecord);
  }

  private updateState<S, T>(kind: StateKind, scopeId: string, initial: S, mutate: (state: S) => StateUpdate<S, T>): Promise<T> {
    return withConflictRetry(`updating ${kind} of ${scopeId}`, () =>
      this.writer.write(async (connection) => {
        await connection.run('BEGIN TRANSACTION');
        try {
          const reader = await connection.runAndReadAll(`SELECT state FROM coordination_state WHERE kind = $kind AND scope_id = $scope`, { kind, scope: scopeId });
          const stored = reader.getRowObjectsJS()[0]?.state;
          const { next, result } = mutate(stored === undefined ? initial : (JSON.parse(String(stored)) as S));
          await connection.run(`INSERT OR REPLACE INTO coordination_state VALUES ($kind, $scope, $state)`, { kind, scope: scopeId, state: JSON.stringify(next) });
          await connection.run('COMMIT');
          return result;
        } catch (error) {
          await connection.run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  private rows(sql: string, params: Record<string, DuckDBValue>): Promise<Record<string, unknown>[]> {
    return this.writer.write(async (connection) => (await connection.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[]);
  }
}

async function withConflictRetry<T>(what: string, task: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= MAX_CONFLICT_RETRIES || !/conflict/i.test(messageOf(error))) throw transient(error, what);
    }
  }
}

function toRecord(row: Record<string, unknown>): RemediationRecord {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = row[field.name];
    if (value === null || value === undefined) out[field.name] = null;
    else if (field.type === 'INTEGER' || field.type === 'FLOAT') out[field.name] = Number(value);
    else if (field.type === 'BOOLEAN') out[field.name] = value === true;
    else out[field.name] = String(value);
  }
  return out as RemediationRecord;
}

// Errors from the native binding come from another realm under jest's VM, so instanceof Error is unreliable.
function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error);
}

function transient(error: unknown, what: string): TransientStoreError {
  return error instanceof TransientStoreError ? error : new TransientStoreError(`${what}: ${messageOf(error)}`, { cause: error });
}
