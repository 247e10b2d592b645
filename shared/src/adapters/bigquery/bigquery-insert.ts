import type { BigQuery, InsertRowsOptions } from '@google-cloud/bigquery';
import { toStoreError } from './bigquery-errors';

const INSERT_OPTIONS: InsertRowsOptions = {
  // Rows are already in REST form ({ insertId, json }); without raw the library would replace the insertId with a random UUID.
  raw: true,
  // A row refused as invalid stays invalid; the library's own partial-failure retries would only resend it.
  partialRetries: 0,
  // One row per request: an invalid row must fail the call, not be skipped silently.
  skipInvalidRows: false,
  ignoreUnknownValues: false,
};

/**
 * Streams one row (tabledata.insertAll) with the given insertId, which BigQuery uses for its
 * best-effort dedupe of a repeated write. The one insert path of every BigQuery adapter: throws
 * TransientStoreError / PermanentStoreError (see toStoreError) naming the table and the row.
 */
export async function insertRow(client: BigQuery, datasetId: string, tableId: string, insertId: string, row: object): Promise<void> {
  const table = client.dataset(datasetId).table(tableId);
  try {
    await table.insert([{ insertId, json: row }], INSERT_OPTIONS);
  } catch (error) {
    throw toStoreError(error, `${datasetId}.${tableId}`, insertId);
  }
}
