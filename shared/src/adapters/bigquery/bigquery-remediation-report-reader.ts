import type { BigQuery } from '@google-cloud/bigquery';
import type { RemediationReport, RemediationReportReader } from '../../core/ports/remediation-report-reader';
import { REMEDIATION_ACTIONS_AUDIT_TABLE } from '../../core/schema/tables';
import { numberCell, qualifiedTable, runReadQuery, textCell } from './bigquery-read-query';

export interface BigQueryRemediationReportReaderOptions {
  client: BigQuery;
  projectId: string;
  datasetId: string;
  location?: string;
}

/**
 * The remediation half of `flexiroaster report --store bigquery`, from the remediation_actions audit
 * trail: one row per version of a record, so each action is counted once, at its latest version.
 */
export class BigQueryRemediationReportReader implements RemediationReportReader {
  private readonly latest: string;

  constructor(private readonly options: BigQueryRemediationReportReaderOptions) {
    const table = qualifiedTable(options.projectId, options.datasetId, REMEDIATION_ACTIONS_AUDIT_TABLE.name);
    this.latest = `(SELECT * FROM ${table} WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY action_key ORDER BY recorded_at DESC, version_id DESC) = 1)`;
  }

  async readRemediationReport(options: { outcomes: number }): Promise<RemediationReport> {
    const location = this.options.location ? { location: this.options.location } : {};
    const [decisions, outcomes] = await Promise.all([
      runReadQuery(this.options.client, {
        purpose: 'report: remediation decisions',
        query: `SELECT strategy, status, autonomy, dry_run, COUNT(*) AS decisions FROM ${this.latest}
                 GROUP BY strategy, status, autonomy, dry_run ORDER BY decisions DESC, strategy, status`,
        ...location,
      }),
      runReadQuery(this.options.client, {
        purpose: 'report: verified outcomes',
        query: `SELECT pipeline_id, category, strategy, status,
                       FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', decided_at, 'UTC') AS decided_at, time_to_recover_ms, reason
                  FROM ${this.latest}
                 WHERE settled_at IS NOT NULL AND strategy NOT IN ('notify', 'escalate')
                 ORDER BY settled_at DESC, action_key LIMIT @limit`,
        params: { limit: Math.max(1, Math.floor(options.outcomes)) },
        ...location,
      }),
    ]);
    return {
      decisions: decisions.map((row) => ({
        strategy: textCell(row.strategy),
        status: textCell(row.status),
        autonomy: textCell(row.autonomy),
        dryRun: row.dry_run === true,
        decisions: numberCell(row.decisions),
      })),
      outcomes: outcomes.map((row) => ({
        pipelineId: textCell(row.pipeline_id),
        category: textCell(row.category),
        strategy: textCell(row.strategy),
        status: textCell(row.status),
        decidedAt: textCell(row.decided_at),
        timeToRecoverMs: row.time_to_recover_ms === null || row.time_to_recover_ms === undefined ? null : numberCell(row.time_to_recover_ms),
        reason: textCell(row.reason),
      })),
    };
  }
}
