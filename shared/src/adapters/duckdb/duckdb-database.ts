import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBMaterializedResult, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { toDuckDbDdl } from '../../core/schema/duckdb-ddl';
import { TABLES, type TableDefinition } from '../../core/schema/tables';
import { PermanentStoreError } from '../../core/domain/errors';
import { maskPii } from '../../core/privacy/mask-pii';
import { errorMessage, toStoreError } from './duckdb-errors';

const IN_MEMORY = ':memory:';

/** Runs tasks one after another; a failed task does not block the ones queued behind it. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The embedded database file shared by the DuckDB adapters. One writer connection, with writes
 * queued one at a time: "inserted vs. duplicate" then follows from the changed-row count alone,
 * without DuckDB's optimistic write-write conflicts between concurrent transactions. Reads use their
 * own connection so a report never waits behind ingestion.
 */
export class DuckDbDatabase {
  private readonly writes = new SerialQueue();
  private readonly reads = new SerialQueue();
  /** Statements the writer runs on every save, parsed and planned once. */
  private readonly preparedWrites = new Map<string, DuckDBPreparedStatement>();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
  ) {}

  /** Opens (creating the file and its directory if needed) and creates any missing tables. */
  static async open(path: string, tables: readonly TableDefinition[] = TABLES): Promise<DuckDbDatabase> {
    const location = path === IN_MEMORY ? path : resolve(path);
    let instance: DuckDBInstance | undefined;
    try {
      if (location !== IN_MEMORY) await mkdir(dirname(location), { recursive: true });
      instance = await DuckDBInstance.create(location);
      const writer = await instance.connect();
      for (const table of tables) await writer.run(toDuckDbDdl(table));
      const reader = await instance.connect();
      return new DuckDbDatabase(location, instance, writer, reader);
    } catch (error) {
      instance?.closeSync();
      throw toStoreError(error, `opening DuckDB database ${location}`);
    }
  }

  write<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.writes.run(() => {
      this.assertOpen();
      return task(this.writer);
    });
  }

  /** Runs one write statement through a cached prepared statement, queued like every other write. */
  writePrepared(sql: string, values: DuckDBValue[]): Promise<DuckDBMaterializedResult> {
    return this.write(async (connection) => {
      let statement = this.preparedWrites.get(sql);
      if (!statement) {
        statement = await connection.prepare(sql);
        this.preparedWrites.set(sql, statement);
      }
      try {
        statement.bind(values);
      } catch (error) {
        // The binding refuses a value before DuckDB sees it (e.g. "Cannot create values of type ANY"):
        // the row's content is at fault, so retrying the same row cannot help.
        throw new PermanentStoreError(`binding values: ${maskPii(errorMessage(error))}`, [], { cause: error });
      }
      return statement.run();
    });
  }

  read<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.reads.run(() => {
      this.assertOpen();
      return task(this.reader);
    });
  }

  /** Waits for queued work, then releases the file lock so another process can open it. */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([this.writes.run(async () => undefined), this.reads.run(async () => undefined)]);
    this.closed = true;
    for (const statement of this.preparedWrites.values()) statement.destroySync();
    this.preparedWrites.clear();
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`DuckDB database ${this.path} is closed`);
  }
}
