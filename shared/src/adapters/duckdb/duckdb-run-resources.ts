import type { RunResourceReader } from '../../core/anomaly/score-ended-run';
import type { RunResources } from '../../core/anomaly/run-features';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';

/** Mean CPU / memory utilization (%) of a pipeline's pipeline_metrics series over a run's time span. */
export class DuckDbRunResources implements RunResourceReader {
  constructor(private readonly database: DuckDbDatabase) {}

  async resourcesDuring(pipelineId: string, from: string, to: string): Promise<RunResources | null> {
    try {
      return await this.database.read(async (connection) => {
        const [table] = (await connection.runAndReadAll("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'pipeline_metrics'")).getRowObjectsJS();
        if (Number(table?.n ?? 0) === 0) return null;
        const [row] = (
          await connection.runAndReadAll(
            `SELECT avg(value) FILTER (WHERE metric LIKE '%cpu_utilization_pct') AS cpu, avg(value) FILTER (WHERE metric LIKE '%memory_utilization_pct') AS memory
               FROM pipeline_metrics WHERE pipeline_id = $1 AND "timestamp" BETWEEN CAST($2 AS TIMESTAMPTZ) AND CAST($3 AS TIMESTAMPTZ)`,
            [pipelineId, from, to],
          )
        ).getRowObjectsJS();
        const cpu = typeof row?.cpu === 'number' ? row.cpu : null;
        const memory = typeof row?.memory === 'number' ? row.memory : null;
        return cpu === null && memory === null ? null : { cpuPercent: cpu, memoryPercent: memory };
      });
    } catch (error) {
      throw toStoreError(error, `reading CPU and memory of ${pipelineId}`);
    }
  }
}
