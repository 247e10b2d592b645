import type { MonitorStateStore, SeriesStateRecord } from '../../core/monitor/ports';
import { quoteIdentifier, toDuckDbDdl } from '../../core/schema/duckdb-ddl';
import type { TableDefinition } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';

/** Operational state of the local monitor; not analytics, so not among the BigQuery tables. */
const SERIES_STATE_TABLE = {
  name: 'monitor_series_state',
  description: 'Streaming detector state per metric series between monitor ticks.',
  primaryKey: ['series_key'],
  fields: [
    { name: 'series_key', type: 'STRING', mode: 'REQUIRED', description: 'pipeline_id|metric.' },
    { name: 'state', type: 'JSON', mode: 'REQUIRED', description: 'Detector state.' },
    { name: 'last_timestamp', type: 'TIMESTAMP', mode: 'NULLABLE', description: 'Newest point learned.' },
    { name: 'updated_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Last tick that saw the series.' },
  ],
} as const satisfies TableDefinition;

const CHECKPOINT_TABLE = {
  name: 'monitor_checkpoint',
  description: 'End of the last completed monitor window.',
  primaryKey: ['name'],
  fields: [
    { name: 'name', type: 'STRING', mode: 'REQUIRED', description: 'Checkpoint name.' },
    { name: 'checkpoint', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'End of the last completed window.' },
  ],
} as const satisfies TableDefinition;

const ISO = (column: string): string => `strftime(${quoteIdentifier(column)} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;

/**
 * MonitorStateStore on the embedded database. commit replaces the tick's series states and the
 * checkpoint in one transaction and deletes series not seen within the retention period, so a
 * crashed tick leaves the previous state intact and the table holds only live series.
 */
export class DuckDbMonitorStateStore implements MonitorStateStore {
  private constructor(
    private readonly database: DuckDbDatabase,
    private readonly name: string,
  ) {}

  static async open(database: DuckDbDatabase, name = 'monitor'): Promise<DuckDbMonitorStateStore> {
    try {
      await database.write(async (connection) => {
        await connection.run(toDuckDbDdl(SERIES_STATE_TABLE));
        await connection.run(toDuckDbDdl(CHECKPOINT_TABLE));
      });
    } catch (error) {
      throw toStoreError(error, 'creating the monitor state tables');
    }
    return new DuckDbMonitorStateStore(database, name);
  }

  async readCheckpoint(): Promise<string | null> {
    try {
      return await this.database.read(async (connection) => {
        const reader = await connection.runAndReadAll(`SELECT ${ISO('checkpoint')} AS checkpoint FROM ${CHECKPOINT_TABLE.name} WHERE name = $1`, [this.name]);
        const row = reader.getRowObjectsJS()[0] as { checkpoint?: string } | undefined;
        return row?.checkpoint ?? null;
      });
    } catch (error) {
      throw toStoreError(error, 'reading the monitor checkpoint');
    }
  }

  async readSeriesStates(keys: readonly string[]): Promise<Map<string, SeriesStateRecord>> {
    const states = new Map<string, SeriesStateRecord>();
    if (keys.length === 0) return states;
    try {
      const rows = await this.database.read(async (connection) => {
        const placeholders = keys.map((_, index) => `$${index + 1}`).join(', ');
        const reader = await connection.runAndReadAll(
          `SELECT series_key, CAST(state AS VARCHAR) AS state, ${ISO('last_timestamp')} AS last_timestamp, ${ISO('updated_at')} AS updated_at
             FROM ${SERIES_STATE_TABLE.name} WHERE series_key IN (${placeholders})`,
          [...keys],
        );
        return reader.getRowObjectsJS() as Array<{ series_key: string; state: string; last_timestamp: string | null; updated_at: string }>;
      });
      for (const row of rows) {
        states.set(row.series_key, { state: JSON.parse(row.state) as unknown, lastTimestamp: row.last_timestamp ?? '', updatedAt: row.updated_at });
      }
      return states;
    } catch (error) {
      throw toStoreError(error, 'reading monitor series states');
    }
  }

  async commit(update: { checkpoint: string; states: ReadonlyMap<string, SeriesStateRecord>; dropUpdatedBefore: string }): Promise<void> {
    try {
      await this.database.write(async (connection) => {
        await connection.run('BEGIN TRANSACTION');
        try {
          for (const [key, record] of update.states) {
            await connection.run(
              `INSERT OR REPLACE INTO ${SERIES_STATE_TABLE.name} (series_key, state, last_timestamp, updated_at)
               VALUES ($1, CAST($2 AS JSON), CAST($3 AS TIMESTAMPTZ), CAST($4 AS TIMESTAMPTZ))`,
              [key, JSON.stringify(record.state), record.lastTimestamp === '' ? null : record.lastTimestamp, record.updatedAt],
            );
          }
          await connection.run(`DELETE FROM ${SERIES_STATE_TABLE.name} WHERE updated_at < CAST($1 AS TIMESTAMPTZ)`, [update.dropUpdatedBefore]);
          await connection.run(`INSERT OR REPLACE INTO ${CHECKPOINT_TABLE.name} (name, checkpoint) VALUES ($1, CAST($2 AS TIMESTAMPTZ))`, [this.name, update.checkpoint]);
          await connection.run('COMMIT');
        } catch (error) {
          await connection.run('ROLLBACK');
          throw error;
        }
      });
    } catch (error) {
      throw toStoreError(error, 'committing the monitor state');
    }
  }
}
