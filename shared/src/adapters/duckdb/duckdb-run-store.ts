import type { Clock } from '../../core/ports/clock';
import { mergeRuns, sameRun } from '../../core/runs/merge-run';
import type { RunRecord } from '../../core/runs/run-record';
import { fromRunRow, toRunRow } from '../../core/runs/run-rows';
import type { RunHistoryReader, RunStore } from '../../core/runs/run-store';
import { toDuckDbUpsert } from '../../core/schema/duckdb-ddl';
import { PIPELINE_RUNS_TABLE } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';
import { bindValues } from './duckdb-event-store';
import { readTableRows, selectColumns } from './duckdb-table-rows';

/** Runs kept in memory between events; a run's events arrive close together, so a small window hits. */
const CACHED_RUNS = 4096;

/**
 * pipeline_runs on the embedded database: read the row, join the observation (mergeRuns), write it
 * back with INSERT OR REPLACE. Folds are serialized here, so two events of one run never both read
 * the old row. The recently folded rows stay in memory: most events (progress lines) change nothing,
 * and then cost neither a read nor a write.
 */
export class DuckDbRunStore implements RunStore, RunHistoryReader {
  private readonly upsert = toDuckDbUpsert(PIPELINE_RUNS_TABLE);
  private readonly recent = new Map<string, RunRecord>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly database: DuckDbDatabase,
    private readonly clock: Clock,
  ) {}

  fold(observation: RunRecord): Promise<void> {
    const task = this.queue.then(() => this.foldNow(observation));
    this.queue = task.catch(() => undefined);
    return task;
  }

  async getRun(runKey: string): Promise<RunRecord | null> {
    await this.queue;
    return this.recent.get(runKey) ?? (await this.readRun(runKey));
  }

  async runsEndedBefore(pipelineId: string, before: string, limit: number): Promise<RunRecord[]> {
    await this.queue;
    try {
      const rows = await this.database.read((connection) =>
        readTableRows(
          connection,
          PIPELINE_RUNS_TABLE,
          `SELECT ${selectColumns(PIPELINE_RUNS_TABLE)} FROM pipeline_runs
            WHERE pipeline_id = $1 AND ended_at < CAST($2 AS TIMESTAMPTZ) AND status IN ('succeeded', 'failed', 'cancelled')
            ORDER BY ended_at DESC, run_key LIMIT $3`,
          [pipelineId, before, Math.max(0, Math.floor(limit))],
        ),
      );
      return rows.map(fromRunRow);
    } catch (error) {
      throw toStoreError(error, `reading the run history of ${pipelineId}`);
    }
  }

  private async foldNow(observation: RunRecord): Promise<void> {
    const before = this.recent.get(observation.runKey) ?? (await this.readRun(observation.runKey));
    const after = before === null ? observation : mergeRuns(before, observation);
    if (before !== null && sameRun(before, after)) {
      this.remember(after);
      return;
    }
    const values = bindValues(PIPELINE_RUNS_TABLE, toRunRow(after, this.clock.now().toISOString()), after.runKey);
    try {
      await this.database.writePrepared(this.upsert, values);
    } catch (error) {
      this.recent.delete(after.runKey);
      throw toStoreError(error, `saving run ${after.runKey} to pipeline_runs`, after.runKey);
    }
    this.remember(after);
  }

  private async readRun(runKey: string): Promise<RunRecord | null> {
    try {
      const rows = await this.database.read((connection) =>
        readTableRows(connection, PIPELINE_RUNS_TABLE, `SELECT ${selectColumns(PIPELINE_RUNS_TABLE)} FROM pipeline_runs WHERE run_key = $1`, [runKey]),
      );
      return rows[0] === undefined ? null : fromRunRow(rows[0]);
    } catch (error) {
      throw toStoreError(error, `reading run ${runKey} from pipeline_runs`, runKey);
    }
  }

  private remember(run: RunRecord): void {
    this.recent.delete(run.runKey);
    this.recent.set(run.runKey, run);
    if (this.recent.size > CACHED_RUNS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}
