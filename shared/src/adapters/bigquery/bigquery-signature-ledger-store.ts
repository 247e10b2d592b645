import type { BigQuery } from '@google-cloud/bigquery';
import { SIGNATURE_ALIASES_TABLE, SIGNATURE_CANONICAL_TABLE } from '../../core/schema/tables';
import { fromSignatureAliasRow, toSignatureAliasRow, toSignatureCanonicalRow } from '../../core/signature-ledger/ledger-rows';
import type { RecordedSignature, SignatureLedgerStore } from '../../core/signature-ledger/signature-ledger-store';
import type { CanonicalSignature } from '../../core/signature/consolidate';
import { toStoreError } from './bigquery-errors';
import { insertRow } from './bigquery-insert';

export interface BigQuerySignatureLedgerStoreOptions {
  client: BigQuery;
  datasetId: string;
}

/**
 * SignatureLedgerStore on BigQuery: learned signatures and canonical answers are streamed
 * (tabledata.insertAll, insertId = row_id, so a repeated write is dropped on a best-effort basis and
 * readers dedupe by row_id); the consolidation reads the recorded rows with tabledata.list, which costs
 * no query job.
 */
export class BigQuerySignatureLedgerStore implements SignatureLedgerStore {
  constructor(private readonly options: BigQuerySignatureLedgerStoreOptions) {}

  async recordLearned(rows: readonly RecordedSignature[]): Promise<void> {
    for (const recorded of rows) {
      const row = toSignatureAliasRow(recorded);
      await insertRow(this.options.client, this.options.datasetId, SIGNATURE_ALIASES_TABLE.name, row.row_id, row);
    }
  }

  async readLearned(): Promise<RecordedSignature[]> {
    const table = this.options.client.dataset(this.options.datasetId).table(SIGNATURE_ALIASES_TABLE.name);
    let rows: Array<Record<string, unknown>>;
    try {
      [rows] = (await table.getRows({ autoPaginate: true })) as unknown as [Array<Record<string, unknown>>];
    } catch (error) {
      throw toStoreError(error, `${this.options.datasetId}.${SIGNATURE_ALIASES_TABLE.name}`, 'tabledata.list');
    }
    const unique = new Map<string, Record<string, unknown>>();
    for (const row of rows) unique.set(String(row.row_id), { ...row, recorded_at: timestampText(row.recorded_at) });
    return [...unique.values()].map(fromSignatureAliasRow);
  }

  async saveCanonical(rows: readonly CanonicalSignature[], consolidatedAt: string): Promise<void> {
    for (const canonical of rows) {
      const row = toSignatureCanonicalRow(canonical, consolidatedAt);
      await insertRow(this.options.client, this.options.datasetId, SIGNATURE_CANONICAL_TABLE.name, row.row_id, row);
    }
  }
}

/** Table#getRows types TIMESTAMP cells as BigQueryTimestamp ({ value }); the core takes RFC 3339 text. */
function timestampText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string') return (value as { value: string }).value;
  return String(value);
}
