import type { DuckDBValue } from '@duckdb/node-api';
import { PermanentStoreError } from '../../core/domain/errors';
import type { ClassifiedEvent } from '../../core/domain/pipeline-event';
import type { Clock } from '../../core/ports/clock';
import type { EventStore, RejectedInput, SaveOutcome } from '../../core/ports/event-store';
import { toDuckDbInsert } from '../../core/schema/duckdb-ddl';
import { toPipelineEventRow, toRejectedEventRow } from '../../core/schema/rows';
import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE, type RowValue, type TableDefinition, type TableRow } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { isDuplicateKey, toStoreError } from './duckdb-errors';

/**
 * EventStore on the embedded database. Idempotency comes from the primary key: a plain INSERT, whose
 * duplicate-key Constraint Error means a redelivery. (ON CONFLICT DO NOTHING says the same through the
 * changed-row count but costs DuckDB about twice as much per row, and duplicates are the rare case.)
 * Writes are serialized by DuckDbDatabase, so concurrent saves of one id yield exactly one 'inserted'.
 */
export class DuckDbEventStore implements EventStore {
  private readonly insertEvent = toDuckDbInsert(PIPELINE_EVENTS_TABLE);
  private readonly insertRejected = toDuckDbInsert(REJECTED_EVENTS_TABLE);

  constructor(
    private readonly database: DuckDbDatabase,
    private readonly clock: Clock,
  ) {}

  saveEvent(event: ClassifiedEvent): Promise<SaveOutcome> {
    return this.insert(PIPELINE_EVENTS_TABLE, this.insertEvent, event.eventId, () => toPipelineEventRow(event, this.clock.now()));
  }

  saveRejected(rejection: RejectedInput): Promise<SaveOutcome> {
    return this.insert(REJECTED_EVENTS_TABLE, this.insertRejected, rejection.rejectionId, () => toRejectedEventRow(rejection));
  }

  private async insert(table: TableDefinition, sql: string, rowId: string, toRow: () => TableRow): Promise<SaveOutcome> {
    const values = bindValues(table, toRow(), rowId);
    try {
      await this.database.writePrepared(sql, values);
      return 'inserted';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw toStoreError(error, `saving ${rowId} to ${table.name}`, rowId);
    }
  }
}

/** Positional values in field order, as toDuckDbInsert binds them. */
export function bindValues(table: TableDefinition, row: TableRow, rowId: string): DuckDBValue[] {
  return table.fields.map((field) => toDuckDbValue(row[field.name], field.type, `${table.name}.${field.name}`, rowId));
}

function toDuckDbValue(value: RowValue | undefined, type: TableDefinition['fields'][number]['type'], column: string, rowId: string): DuckDBValue {
  if (value === undefined || value === null) return null;
  // A bound list needs an element type DuckDB cannot infer from an empty one; toDuckDbInsert casts the JSON text.
  if (Array.isArray(value)) return JSON.stringify(value);
  if (type === 'INTEGER') {
    // A JS number binds as DOUBLE and DuckDB would round it into BIGINT; refuse instead of storing a different value.
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      const message = `${column} must be an integer, got ${JSON.stringify(value)}`;
      throw new PermanentStoreError(message, [{ rowId, reason: 'invalid', message }]);
    }
    return BigInt(value);
  }
  return value;
}
