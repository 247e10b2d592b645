import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { OpenRemediation, PipelineSummary, ResourceUsage, SnapshotInput, SnapshotReader, StoredAnomaly } from '../../core/health/snapshot-types';
import type { PipelineStatus, Source } from '../../core/domain/pipeline-event';
import { OPEN_STATUSES } from '../../core/remediation/remediation-record';
import { fromRunRow } from '../../core/runs/run-rows';
import { ANOMALIES_TABLE, PIPELINE_RUNS_TABLE } from '../../core/schema/tables';
import { DUCKDB_REMEDIATION_ACTIONS_TABLE } from '../coordination/duckdb-coordination-store';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';
import { readTableRows, selectColumns } from './duckdb-table-rows';

/** More runs than a pipeline runs in a week at once a minute; bounds one snapshot's read. */
export const MAX_SNAPSHOT_RUNS = 20_000;
const MAX_ANOMALIES = 20;
const CPU_METRIC = '%cpu_utilization_pct';
const MEMORY_METRIC = '%memory_utilization_pct';
const OPEN_LIST = OPEN_STATUSES.map((status) => `'${status}'`).join(', ');

async function rowsOf(connection: DuckDBConnection, sql: string, values: DuckDBValue[]): Promise<Array<Record<string, unknown>>> {
  return (await connection.runAndReadAll(sql, values)).getRowObjectsJS() as Array<Record<string, unknown>>;
}

async function tableExists(connection: DuckDBConnection, name: string): Promise<boolean> {
  const rows = await rowsOf(connection, 'SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $1', [name]);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The snapshot's reads on the embedded database: pipeline_runs, anomalies, the coordination store's open actions, pipeline_metrics. */
export class DuckDbSnapshotReader implements SnapshotReader {
  constructor(private readonly database: DuckDbDatabase) {}

  async readSnapshotInput(pipelineId: string, since: string, now: string): Promise<SnapshotInput | null> {
    try {
      return await this.database.read(async (connection) => {
        const runs = (
          await readTableRows(
            connection,
            PIPELINE_RUNS_TABLE,
            `SELECT ${selectColumns(PIPELINE_RUNS_TABLE)} FROM pipeline_runs
              WHERE pipeline_id = $1 AND started_at > CAST($2 AS TIMESTAMPTZ) AND started_at <= CAST($3 AS TIMESTAMPTZ)
              ORDER BY started_at DESC LIMIT ${MAX_SNAPSHOT_RUNS}`,
            [pipelineId, since, now],
          )
        ).map(fromRunRow);
        const [success] = await rowsOf(
          connection,
          `SELECT strftime(max(ended_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS at FROM pipeline_runs WHERE pipeline_id = $1 AND status = 'succeeded' AND ended_at <= CAST($2 AS TIMESTAMPTZ)`,
          [pipelineId, now],
        );
        const lastSuccessAt = typeof success?.at === 'string' ? success.at : null;
        if (runs.length === 0 && lastSuccessAt === null) return null;
        return {
          pipelineId,
          runs,
          lastSuccessAt,
          resources: await this.resources(connection, pipelineId, since),
          openRemediation: await this.openRemediation(connection, pipelineId),
          anomalies: await this.anomalies(connection, pipelineId, since),
        };
      });
    } catch (error) {
      throw toStoreError(error, `reading the snapshot of ${pipelineId}`);
    }
  }

  async listPipelines(now: string): Promise<PipelineSummary[]> {
    try {
      return await this.database.read(async (connection) => {
        const hasActions = await tableExists(connection, DUCKDB_REMEDIATION_ACTIONS_TABLE);
        const rows = await rowsOf(
          connection,
          `WITH runs AS (
             SELECT pipeline_id, arg_max(source, started_at) AS source, arg_max(status, started_at) AS last_status,
                    strftime(max(started_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS last_run_at,
                    count(*) FILTER (WHERE started_at > CAST($1 AS TIMESTAMPTZ) - INTERVAL 1 DAY) AS runs_24h,
                    count(*) FILTER (WHERE status = 'failed' AND ended_at > CAST($1 AS TIMESTAMPTZ) - INTERVAL 1 DAY) AS failures_24h
               FROM pipeline_runs WHERE started_at <= CAST($1 AS TIMESTAMPTZ) GROUP BY pipeline_id),
           anomalies_24h AS (SELECT pipeline_id, count(*) AS n FROM anomalies WHERE detected_at > CAST($1 AS TIMESTAMPTZ) - INTERVAL 1 DAY GROUP BY pipeline_id),
           open_actions AS (${hasActions ? `SELECT pipeline_id, count(*) AS n FROM ${DUCKDB_REMEDIATION_ACTIONS_TABLE} WHERE settled_at IS NULL AND status IN (${OPEN_LIST}) GROUP BY pipeline_id` : 'SELECT NULL::VARCHAR AS pipeline_id, 0 AS n WHERE false'})
           SELECT runs.*, coalesce(anomalies_24h.n, 0) AS anomalies_24h, coalesce(open_actions.n, 0) AS open_remediation
             FROM runs LEFT JOIN anomalies_24h USING (pipeline_id) LEFT JOIN open_actions USING (pipeline_id)
            ORDER BY pipeline_id`,
          [now],
        );
        return rows.map((row) => ({
          pipelineId: String(row.pipeline_id),
          source: row.source as Source,
          lastRunStatus: row.last_status as PipelineStatus,
          lastRunAt: String(row.last_run_at),
          runs24h: Number(row.runs_24h),
          failures24h: Number(row.failures_24h),
          openRemediation: Number(row.open_remediation),
          anomalies24h: Number(row.anomalies_24h),
        }));
      });
    } catch (error) {
      throw toStoreError(error, 'listing pipelines');
    }
  }

  private async anomalies(connection: DuckDBConnection, pipelineId: string, since: string): Promise<StoredAnomaly[]> {
    const rows = await readTableRows(
      connection,
      ANOMALIES_TABLE,
      `SELECT ${selectColumns(ANOMALIES_TABLE)} FROM anomalies WHERE pipeline_id = $1 AND detected_at > CAST($2 AS TIMESTAMPTZ) ORDER BY detected_at DESC LIMIT ${MAX_ANOMALIES}`,
      [pipelineId, since],
    );
    return rows.map((row) => ({
      runKey: row.run_key,
      pipelineId: row.pipeline_id,
      runId: row.run_id,
      source: row.source as Source,
      detectedAt: row.detected_at,
      score: row.score,
      reasons: row.reasons,
      kinds: row.kinds,
    }));
  }

  private async openRemediation(connection: DuckDBConnection, pipelineId: string): Promise<OpenRemediation[]> {
    // The coordination store creates its table when remediation first runs; before that nothing is open.
    if (!(await tableExists(connection, DUCKDB_REMEDIATION_ACTIONS_TABLE))) return [];
    const rows = await rowsOf(
      connection,
      `SELECT action_key, strategy, status, run_id, decided_at, reason FROM ${DUCKDB_REMEDIATION_ACTIONS_TABLE}
        WHERE pipeline_id = $1 AND settled_at IS NULL AND status IN (${OPEN_LIST}) ORDER BY decided_at DESC LIMIT 20`,
      [pipelineId],
    );
    return rows.map((row) => ({
      actionKey: String(row.action_key),
      strategy: String(row.strategy),
      status: String(row.status),
      runId: String(row.run_id),
      decidedAt: String(row.decided_at),
      reason: String(row.reason),
    }));
  }

  private async resources(connection: DuckDBConnection, pipelineId: string, since: string): Promise<ResourceUsage> {
    if (!(await tableExists(connection, 'pipeline_metrics'))) {
      return { cpuPercent: null, memoryPercent: null, reasons: ['no pipeline_metrics table: the monitor function has not stored metrics here'] };
    }
    const [row] = await rowsOf(
      connection,
      `SELECT avg(value) FILTER (WHERE metric LIKE $3) AS cpu, avg(value) FILTER (WHERE metric LIKE $4) AS memory
         FROM pipeline_metrics WHERE pipeline_id = $1 AND "timestamp" > CAST($2 AS TIMESTAMPTZ)`,
      [pipelineId, since, CPU_METRIC, MEMORY_METRIC],
    );
    const cpu = typeof row?.cpu === 'number' ? Math.round(row.cpu * 10) / 10 : null;
    const memory = typeof row?.memory === 'number' ? Math.round(row.memory * 10) / 10 : null;
    const reasons: string[] = [];
    if (cpu === null) reasons.push(`no CPU utilization series for ${pipelineId} in pipeline_metrics over the last 7 days`);
    if (memory === null) reasons.push(`no memory utilization series for ${pipelineId} in pipeline_metrics (Cloud Monitoring reports Dataflow memory as bytes, not percent)`);
    return { cpuPercent: cpu, memoryPercent: memory, reasons };
  }
}
