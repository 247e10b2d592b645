import { toDuckDbDdl, toDuckDbInsert } from '../../core/schema/duckdb-ddl';
import { SIGNATURE_ALIASES_TABLE, SIGNATURE_CANONICAL_TABLE, type TableDefinition, type TableRow } from '../../core/schema/tables';
import { fromSignatureAliasRow, toSignatureAliasRow, toSignatureCanonicalRow } from '../../core/signature-ledger/ledger-rows';
import type { RecordedSignature, SignatureLedgerStore } from '../../core/signature-ledger/signature-ledger-store';
import type { CanonicalSignature } from '../../core/signature/consolidate';
import type { DuckDbDatabase } from './duckdb-database';
import { isDuplicateKey, toStoreError } from './duckdb-errors';
import { bindValues } from './duckdb-event-store';

/** SignatureLedgerStore on the embedded database; row_id is the key, so a row recorded twice is stored once. */
export class DuckDbSignatureLedgerStore implements SignatureLedgerStore {
  private readonly insertAlias = toDuckDbInsert(SIGNATURE_ALIASES_TABLE);
  private readonly insertCanonical = toDuckDbInsert(SIGNATURE_CANONICAL_TABLE);

  private constructor(private readonly database: DuckDbDatabase) {}

  static async open(database: DuckDbDatabase): Promise<DuckDbSignatureLedgerStore> {
    try {
      await database.write(async (connection) => {
        await connection.run(toDuckDbDdl(SIGNATURE_ALIASES_TABLE));
        await connection.run(toDuckDbDdl(SIGNATURE_CANONICAL_TABLE));
      });
    } catch (error) {
      throw toStoreError(error, `creating ${SIGNATURE_ALIASES_TABLE.name} and ${SIGNATURE_CANONICAL_TABLE.name}`);
    }
    return new DuckDbSignatureLedgerStore(database);
  }

  async recordLearned(rows: readonly RecordedSignature[]): Promise<void> {
    for (const recorded of rows) {
      const row = toSignatureAliasRow(recorded);
      await this.insertIgnoringDuplicates(SIGNATURE_ALIASES_TABLE, this.insertAlias, row, row.row_id);
    }
  }

  async readLearned(): Promise<RecordedSignature[]> {
    const sql = `SELECT instance_id, signature_id, template, alias_of, strftime(recorded_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS recorded_at
                   FROM ${SIGNATURE_ALIASES_TABLE.name} ORDER BY recorded_at, row_id`;
    try {
      const rows = await this.database.read(async (connection) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>);
      // %f prints microseconds; the core speaks JavaScript's millisecond ISO form.
      return rows.map((row) => fromSignatureAliasRow({ ...row, recorded_at: new Date(String(row.recorded_at)).toISOString() }));
    } catch (error) {
      throw toStoreError(error, `reading ${SIGNATURE_ALIASES_TABLE.name}`);
    }
  }

  async saveCanonical(rows: readonly CanonicalSignature[], consolidatedAt: string): Promise<void> {
    for (const canonical of rows) {
      const row = toSignatureCanonicalRow(canonical, consolidatedAt);
      await this.insertIgnoringDuplicates(SIGNATURE_CANONICAL_TABLE, this.insertCanonical, row, row.row_id);
    }
  }

  /** The newest canonical id of each recorded id: what analytics group stored events by. */
  async latestCanonical(): Promise<Map<string, string>> {
    const sql = `SELECT signature_id, arg_max(canonical_id, consolidated_at) AS canonical_id FROM ${SIGNATURE_CANONICAL_TABLE.name} GROUP BY signature_id`;
    try {
      const rows = await this.database.read(async (connection) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>);
      return new Map(rows.map((row) => [String(row.signature_id), String(row.canonical_id)]));
    } catch (error) {
      throw toStoreError(error, `reading ${SIGNATURE_CANONICAL_TABLE.name}`);
    }
  }

  private async insertIgnoringDuplicates(table: TableDefinition, sql: string, row: TableRow, rowId: string): Promise<void> {
    try {
      await this.database.writePrepared(sql, bindValues(table, row, rowId));
    } catch (error) {
      if (!isDuplicateKey(error)) throw toStoreError(error, `saving ${rowId} to ${table.name}`, rowId);
    }
  }
}
