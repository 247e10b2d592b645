import type { DuckDbDatabase } from '../duckdb/duckdb-database';
import type { RemediationReport, RemediationReportReader } from '../../core/ports/remediation-report-reader';
import { DUCKDB_REMEDIATION_ACTIONS_TABLE } from './duckdb-coordination-store';

/** Reads the coordination store's remediation records locally; BigQuery's remediation_actions plays this role in the cloud. */
export class DuckDbRemediationReportReader implements RemediationReportReader {
  constructor(private readonly database: DuckDbDatabase) {}

  async readRemediationReport(options: { outcomes: number }): Promise<RemediationReport> {
    return this.database.read(async (connection) => {
      const exists = await connection.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE table_name = '${DUCKDB_REMEDIATION_ACTIONS_TABLE}'`);
      if (Number(exists.getRows()[0]?.[0] ?? 0) === 0) return { decisions: [], outcomes: [] };
      const decisions = await connection.runAndReadAll(
        `SELECT strategy, status, autonomy, dry_run, count(*) FROM ${DUCKDB_REMEDIATION_ACTIONS_TABLE}
         GROUP BY ALL ORDER BY count(*) DESC, strategy, status`,
      );
      const outcomes = await connection.runAndReadAll(
        `SELECT pipeline_id, category, strategy, status, CAST(decided_at AS VARCHAR), time_to_recover_ms, reason FROM ${DUCKDB_REMEDIATION_ACTIONS_TABLE}
         WHERE settled_at IS NOT NULL AND strategy NOT IN ('notify', 'escalate')
         ORDER BY settled_at DESC, action_key LIMIT ${Math.max(1, Math.floor(options.outcomes))}`,
      );
      return {
        decisions: decisions.getRows().map(([strategy, status, autonomy, dryRun, count]) => ({
          strategy: String(strategy),
          status: String(status),
          autonomy: String(autonomy),
          dryRun: Boolean(dryRun),
          decisions: Number(count),
        })),
        outcomes: outcomes.getRows().map(([pipelineId, category, strategy, status, decidedAt, ttr, reason]) => ({
          pipelineId: String(pipelineId),
          category: String(category),
          strategy: String(strategy),
          status: String(status),
          decidedAt: String(decidedAt),
          timeToRecoverMs: ttr === null ? null : Number(ttr),
          reason: String(reason),
        })),
      };
    });
  }
}
