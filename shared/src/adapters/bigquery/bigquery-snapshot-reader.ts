import type { BigQuery, Query } from '@google-cloud/bigquery';
import type { PipelineStatus, Source } from '../../core/domain/pipeline-event';
import type { PipelineSummary, ResourceUsage, SnapshotInput, SnapshotReader } from '../../core/health/snapshot-types';
import { OPEN_STATUSES } from '../../core/remediation/remediation-record';
import { fromRunRow } from '../../core/runs/run-rows';
import { ANOMALIES_TABLE, PIPELINE_RUNS_TABLE } from '../../core/schema/tables';
import { toStoreError } from './bigquery-errors';
import { fromQueryRow } from './bigquery-rows';

export interface BigQuerySnapshotReaderOptions {
  client: BigQuery;
  datasetId: string;
  location?: string;
}

const MAX_SNAPSHOT_RUNS = 20_000;
const OPEN_LIST = OPEN_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * Snapshot reads as GoogleSQL queries (jobs.query). Every query filters the partitioning column
 * (started_at, detected_at, decided_at, timestamp) so BigQuery prunes to the window's partitions.
 * remediation_actions is append-only (one row per version): the latest version per action_key decides whether it is open.
 */
export class BigQuerySnapshotReader implements SnapshotReader {
  constructor(private readonly options: BigQuerySnapshotReaderOptions) {}

  async readSnapshotInput(pipelineId: string, since: string, now: string): Promise<SnapshotInput | null> {
    const params = { pipeline_id: pipelineId, since, now };
    const runs = (
      await this.query(
        `SELECT * FROM \`pipeline_runs\` WHERE pipeline_id = @pipeline_id AND started_at > @since AND started_at <= @now ORDER BY started_at DESC LIMIT ${MAX_SNAPSHOT_RUNS}`,
        params,
        'runs',
      )
    ).map((raw) => fromRunRow(fromQueryRow(PIPELINE_RUNS_TABLE, raw)));
    const [success] = await this.query(
      "SELECT FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', MAX(ended_at)) AS at FROM `pipeline_runs` WHERE pipeline_id = @pipeline_id AND status = 'succeeded' AND ended_at <= @now",
      params,
      'last success',
    );
    const lastSuccessAt = typeof success?.at === 'string' ? success.at : null;
    if (runs.length === 0 && lastSuccessAt === null) return null;
    const anomalies = (
      await this.query(
        'SELECT * FROM `anomalies` WHERE pipeline_id = @pipeline_id AND detected_at > @since ORDER BY detected_at DESC LIMIT 20',
        params,
        'anomalies',
      )
    ).map((raw) => {
      const row = fromQueryRow(ANOMALIES_TABLE, raw);
      return { runKey: row.run_key, pipelineId: row.pipeline_id, runId: row.run_id, source: row.source as Source, detectedAt: row.detected_at, score: row.score, reasons: row.reasons, kinds: row.kinds };
    });
    const open = await this.query(
      `SELECT action_key, strategy, status, run_id, FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', decided_at) AS decided_at, reason
         FROM \`remediation_actions\` WHERE pipeline_id = @pipeline_id AND decided_at > @since
        QUALIFY ROW_NUMBER() OVER (PARTITION BY action_key ORDER BY recorded_at DESC) = 1 AND settled_at IS NULL AND status IN (${OPEN_LIST})
        ORDER BY decided_at DESC LIMIT 20`,
      params,
      'open remediation',
    );
    const [metrics] = await this.query(
      `SELECT AVG(IF(metric LIKE '%cpu_utilization_pct', value, NULL)) AS cpu, AVG(IF(metric LIKE '%memory_utilization_pct', value, NULL)) AS memory
         FROM \`pipeline_metrics\` WHERE pipeline_id = @pipeline_id AND timestamp > @since`,
      params,
      'metrics',
    );
    return {
      pipelineId,
      runs,
      lastSuccessAt,
      resources: resourcesOf(pipelineId, metrics),
      openRemediation: open.map((row) => ({
        actionKey: String(row.action_key),
        strategy: String(row.strategy),
        status: String(row.status),
        runId: String(row.run_id),
        decidedAt: String(row.decided_at),
        reason: String(row.reason),
      })),
      anomalies,
    };
  }

  async listPipelines(now: string): Promise<PipelineSummary[]> {
    const rows = await this.query(
      `WITH runs AS (
         SELECT pipeline_id, ARRAY_AGG(STRUCT(source, status) ORDER BY started_at DESC LIMIT 1)[OFFSET(0)] AS last,
                FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', MAX(started_at)) AS last_run_at,
                COUNTIF(started_at > TIMESTAMP_SUB(@now, INTERVAL 1 DAY)) AS runs_24h,
                COUNTIF(status = 'failed' AND ended_at > TIMESTAMP_SUB(@now, INTERVAL 1 DAY)) AS failures_24h
           FROM \`pipeline_runs\` WHERE started_at > TIMESTAMP_SUB(@now, INTERVAL 30 DAY) AND started_at <= @now GROUP BY pipeline_id),
       anomalies_24h AS (SELECT pipeline_id, COUNT(*) AS n FROM \`anomalies\` WHERE detected_at > TIMESTAMP_SUB(@now, INTERVAL 1 DAY) GROUP BY pipeline_id),
       open_actions AS (
         SELECT pipeline_id, COUNT(*) AS n FROM (
           SELECT * FROM \`remediation_actions\` WHERE decided_at > TIMESTAMP_SUB(@now, INTERVAL 30 DAY)
           QUALIFY ROW_NUMBER() OVER (PARTITION BY action_key ORDER BY recorded_at DESC) = 1)
          WHERE settled_at IS NULL AND status IN (${OPEN_LIST}) GROUP BY pipeline_id)
       SELECT runs.pipeline_id, runs.last.source AS source, runs.last.status AS last_status, runs.last_run_at, runs.runs_24h, runs.failures_24h,
              COALESCE(anomalies_24h.n, 0) AS anomalies_24h, COALESCE(open_actions.n, 0) AS open_remediation
         FROM runs LEFT JOIN anomalies_24h USING (pipeline_id) LEFT JOIN open_actions USING (pipeline_id)
        ORDER BY pipeline_id`,
      { now },
      'pipelines',
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
  }

  private async query(statement: string, params: Record<string, string>, purpose: string): Promise<Array<Record<string, unknown>>> {
    const { client } = this.options;
    const types: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(params)) {
      const isTime = name === 'since' || name === 'now';
      types[name] = isTime ? 'TIMESTAMP' : 'STRING';
      values[name] = isTime ? client.timestamp(value) : value;
    }
    const request: Query = {
      query: statement,
      params: values,
      types,
      useLegacySql: false,
      defaultDataset: { projectId: client.projectId, datasetId: this.options.datasetId },
      labels: { 'flexiroaster-purpose': 'snapshot' },
      ...(this.options.location !== undefined ? { location: this.options.location } : {}),
    };
    try {
      const [rows] = await client.query(request);
      return rows as Array<Record<string, unknown>>;
    } catch (error) {
      throw toStoreError(error, `${this.options.datasetId} (snapshot ${purpose})`, params.pipeline_id ?? 'pipelines');
    }
  }
}

function resourcesOf(pipelineId: string, row: Record<string, unknown> | undefined): ResourceUsage {
  const cpu = typeof row?.cpu === 'number' ? Math.round(row.cpu * 10) / 10 : null;
  const memory = typeof row?.memory === 'number' ? Math.round(row.memory * 10) / 10 : null;
  const reasons: string[] = [];
  if (cpu === null) reasons.push(`no CPU utilization series for ${pipelineId} in pipeline_metrics over the last 7 days`);
  if (memory === null) reasons.push(`no memory utilization series for ${pipelineId} in pipeline_metrics (Cloud Monitoring reports Dataflow memory as bytes, not percent)`);
  return { cpuPercent: cpu, memoryPercent: memory, reasons };
}
