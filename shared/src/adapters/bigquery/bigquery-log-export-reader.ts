import type { BigQuery } from '@google-cloud/bigquery';
import { TransientStoreError } from '../../core/domain/errors';
import type { ExportedLogRow } from '../../core/backfill/exported-log-row';
import { describeApiError } from '../executors/api-errors';
import { qualifiedTable, runReadQuery } from './bigquery-read-query';

export interface BigQueryLogExportReaderOptions {
  client: BigQuery;
  /** Project of the sink's dataset (may differ from the one FlexiRoaster stores into). */
  projectId: string;
  datasetId: string;
  location?: string;
}

/**
 * Reads the tables a Cloud Logging sink writes to BigQuery (one per log id, date-sharded
 * <log>_YYYYMMDD or partitioned): tables.list for the dataset, then one query per table for the rows
 * at or after `since`, oldest first. Rows come back as the client types them (RECORDs as objects,
 * TIMESTAMPs as { value }), for logEntryFromExportedRow.
 */
export class BigQueryLogExportReader {
  constructor(private readonly options: BigQueryLogExportReaderOptions) {}

  async tableIds(): Promise<string[]> {
    try {
      const [tables] = await this.options.client.dataset(this.options.datasetId, { projectId: this.options.projectId }).getTables({ autoPaginate: true });
      return tables.map((table) => table.id).filter((id): id is string => typeof id === 'string').sort();
    } catch (error) {
      const failure = describeApiError(error);
      throw new TransientStoreError(`tables.list ${this.options.projectId}.${this.options.datasetId} failed${failure.httpStatus !== undefined ? ` with HTTP ${failure.httpStatus}` : ''}: ${failure.message}`, { cause: error });
    }
  }

  async *rowsSince(since: string, pageSize = 500): AsyncGenerator<ExportedLogRow[]> {
    for (const tableId of await this.tableIds()) {
      const rows = await runReadQuery(this.options.client, {
        purpose: `backfill: read ${this.options.datasetId}.${tableId}`,
        query: `SELECT * FROM ${qualifiedTable(this.options.projectId, this.options.datasetId, tableId)} WHERE timestamp >= @since ORDER BY timestamp`,
        params: { since: this.options.client.timestamp(since) },
        ...(this.options.location !== undefined ? { location: this.options.location } : {}),
      });
      for (let start = 0; start < rows.length; start += pageSize) yield rows.slice(start, start + pageSize);
    }
  }
}
