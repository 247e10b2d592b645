import type { BigQuery, Query } from '@google-cloud/bigquery';
import type { Clock } from '../../core/ports/clock';
import type { RunRecord } from '../../core/runs/run-record';
import { fromRunRow, toRunRow } from '../../core/runs/run-rows';
import type { RunHistoryReader, RunStore } from '../../core/runs/run-store';
import { MAX_LISTED, mergeRuns, sameRun } from '../../core/runs/merge-run';
import { PIPELINE_RUNS_TABLE, type PipelineRunRow } from '../../core/schema/tables';
import { toStoreError } from './bigquery-errors';
import { fromQueryRow } from './bigquery-rows';

export interface BigQueryRunStoreOptions {
  client: BigQuery;
  datasetId: string;
  clock: Clock;
  location?: string;
  tableId?: string;
}

const CACHED_RUNS = 4096;
const COLUMNS = PIPELINE_RUNS_TABLE.fields.map((field) => field.name);
const PARAMETER_TYPES: Record<string, string | string[]> = Object.fromEntries(
  PIPELINE_RUNS_TABLE.fields.map((field) => {
    const type = field.type === 'INTEGER' ? 'INT64' : field.type;
    return [field.name, field.mode === 'REPEATED' ? [type] : type];
  }),
);

const RANK = (alias: string): string => `CASE ${alias}.status WHEN 'failed' THEN 4 WHEN 'cancelled' THEN 3 WHEN 'succeeded' THEN 2 WHEN 'running' THEN 1 ELSE 0 END`;
/** The observation's status is the later one: mergeRuns' laterStatus in SQL. */
const SOURCE_STATUS_WINS = `(S.status_at IS NOT NULL AND (T.status_at IS NULL OR S.status_at > T.status_at OR (S.status_at = T.status_at AND ${RANK('S')} > ${RANK('T')})))`;
const NEW_STATUS = `IF(${SOURCE_STATUS_WINS}, S.status, T.status)`;
const NEW_ENDED = 'COALESCE(GREATEST(T.ended_at, S.ended_at), T.ended_at, S.ended_at)';
const NEW_STARTED = 'LEAST(T.started_at, S.started_at)';
const larger = (column: string): string => `COALESCE(GREATEST(T.${column}, S.${column}), T.${column}, S.${column})`;
const unionOf = (column: string): string =>
  `ARRAY(SELECT DISTINCT item FROM UNNEST(ARRAY_CONCAT(T.${column}, S.${column})) AS item ORDER BY item LIMIT ${MAX_LISTED})`;

/**
 * The fold as one MERGE: the same join as core/runs/merge-run.ts (min, max, union, latest status),
 * so concurrent instances folding events of one run in any order, or twice, converge on one row.
 * (GREATEST/LEAST return NULL when an argument is NULL, hence the COALESCE.)
 */
export function foldStatement(tableId: string): string {
  const assignments: Record<string, string> = {
    status: NEW_STATUS,
    status_at: `IF(${SOURCE_STATUS_WINS}, S.status_at, T.status_at)`,
    first_event_at: 'LEAST(T.first_event_at, S.first_event_at)',
    last_event_at: 'GREATEST(T.last_event_at, S.last_event_at)',
    started_at: NEW_STARTED,
    ended_at: NEW_ENDED,
    duration_ms: `IF(${NEW_STATUS} IN ('succeeded', 'failed', 'cancelled') AND ${NEW_ENDED} IS NOT NULL, GREATEST(0, TIMESTAMP_DIFF(${NEW_ENDED}, ${NEW_STARTED}, MILLISECOND)), NULL)`,
    bytes_processed: larger('bytes_processed'),
    bytes_billed: larger('bytes_billed'),
    slot_ms: larger('slot_ms'),
    output_rows: larger('output_rows'),
    output_bytes: larger('output_bytes'),
    retries: 'GREATEST(T.retries, S.retries)',
    failed_stages: unionOf('failed_stages'),
    error_signatures: unionOf('error_signatures'),
    updated_at: 'S.updated_at',
  };
  return [
    `MERGE \`${tableId}\` AS T`,
    `USING (SELECT ${COLUMNS.map((column) => `@${column} AS ${column}`).join(', ')}) AS S`,
    'ON T.run_key = S.run_key',
    `WHEN MATCHED THEN UPDATE SET ${Object.entries(assignments).map(([column, value]) => `${column} = ${value}`).join(',\n  ')}`,
    `WHEN NOT MATCHED THEN INSERT (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((column) => `S.${column}`).join(', ')})`,
  ].join('\n');
}

/**
 * pipeline_runs on BigQuery: each fold is one MERGE query job (DML, not a streaming insert: a
 * streamed row could not be updated while in the streaming buffer). BigQuery runs at most a few
 * mutating DML statements on one table at once and queues the rest, so the ingest path folds only
 * events that can change a run (see RunTracker); reads are plain queries.
 */
export class BigQueryRunStore implements RunStore, RunHistoryReader {
  private readonly tableId: string;
  /** What this instance already folded per run: a lower bound of the stored row, as the fold only grows it. */
  private readonly folded = new Map<string, RunRecord>();

  constructor(private readonly options: BigQueryRunStoreOptions) {
    this.tableId = options.tableId ?? PIPELINE_RUNS_TABLE.name;
  }

  async fold(observation: RunRecord): Promise<void> {
    const known = this.folded.get(observation.runKey);
    const joined = known === undefined ? observation : mergeRuns(known, observation);
    // The stored row already contains everything this instance folded: an observation that adds
    // nothing to that needs no DML (a redelivery, or a line repeating the run's state).
    if (known !== undefined && sameRun(known, joined)) return;
    const row = toRunRow(observation, this.options.clock.now().toISOString());
    await this.query(foldStatement(this.tableId), { ...row }, `folding run ${observation.runKey}`, observation.runKey);
    this.folded.delete(observation.runKey);
    this.folded.set(observation.runKey, joined);
    if (this.folded.size > CACHED_RUNS) {
      const oldest = this.folded.keys().next().value;
      if (oldest !== undefined) this.folded.delete(oldest);
    }
  }

  async getRun(runKey: string): Promise<RunRecord | null> {
    const rows = await this.query(`SELECT * FROM \`${this.tableId}\` WHERE run_key = @run_key`, { run_key: runKey }, `reading run ${runKey}`, runKey);
    return rows[0] === undefined ? null : fromRunRow(rows[0]);
  }

  async runsEndedBefore(pipelineId: string, before: string, limit: number): Promise<RunRecord[]> {
    const rows = await this.query(
      `SELECT * FROM \`${this.tableId}\`
        WHERE pipeline_id = @pipeline_id AND ended_at < @before AND status IN ('succeeded', 'failed', 'cancelled')
        ORDER BY ended_at DESC, run_key LIMIT @limit`,
      { pipeline_id: pipelineId, before, limit: Math.max(0, Math.floor(limit)) },
      `reading the run history of ${pipelineId}`,
      pipelineId,
    );
    return rows.map(fromRunRow);
  }

  private async query(statement: string, params: Record<string, unknown>, purpose: string, rowId: string): Promise<PipelineRunRow[]> {
    const types: Record<string, string | string[]> = {};
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(params)) {
      const type = PARAMETER_TYPES[name] ?? (name === 'limit' ? 'INT64' : name === 'before' ? 'TIMESTAMP' : 'STRING');
      types[name] = type;
      // The library sends a TIMESTAMP parameter's value only from its BigQueryTimestamp wrapper.
      values[name] = type === 'TIMESTAMP' && typeof value === 'string' ? this.options.client.timestamp(value) : value;
    }
    const request: Query = {
      query: statement,
      params: values,
      types,
      useLegacySql: false,
      defaultDataset: { projectId: this.options.client.projectId, datasetId: this.options.datasetId },
      jobPrefix: 'flexiroaster_runs_',
      labels: { 'flexiroaster-purpose': 'pipeline-runs' },
      ...(this.options.location !== undefined ? { location: this.options.location } : {}),
    };
    try {
      const [rows] = await this.options.client.query(request);
      return (rows as Array<Record<string, unknown>>).map((raw) => fromQueryRow(PIPELINE_RUNS_TABLE, raw));
    } catch (error) {
      throw toStoreError(error, `${this.options.datasetId}.${this.tableId} (${purpose})`, rowId);
    }
  }
}
