import type { BigQuery, Query } from '@google-cloud/bigquery';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import { describeApiError } from '../executors/api-errors';

export type QueryRow = Record<string, unknown>;

/**
 * One read-only GoogleSQL query (jobs.query, then getQueryResults pages while the job runs), its rows
 * as the client types them. A 400 is the statement's fault (permanent); anything else — a missing
 * dataset or grant, quota, an outage — may pass, as for the other BigQuery adapters.
 */
export async function runReadQuery(client: BigQuery, options: { query: string; location?: string; params?: Record<string, unknown>; purpose: string }): Promise<QueryRow[]> {
  const request: Query = { query: options.query, useLegacySql: false };
  if (options.location !== undefined) request.location = options.location;
  if (options.params !== undefined) request.params = options.params;
  try {
    const [rows] = await client.query(request);
    return rows as QueryRow[];
  } catch (error) {
    const failure = describeApiError(error);
    const text = `${options.purpose} failed${failure.httpStatus !== undefined ? ` with HTTP ${failure.httpStatus}` : ''}${failure.reason ? ` ${failure.reason}` : ''}: ${failure.message}`;
    if (failure.httpStatus === 400) throw new PermanentStoreError(text, [{ rowId: 'query', reason: failure.reason ?? 'invalid', message: failure.message }], { cause: error });
    throw new TransientStoreError(text, { cause: error });
  }
}

/** `project.dataset.table` quoted for GoogleSQL, after checking each part so nothing is injected. */
export function qualifiedTable(projectId: string, datasetId: string, tableId: string): string {
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z0-9.:-]+$/.test(projectId)) throw new RangeError(`"${projectId}" is not a valid project id`);
  for (const [kind, id] of [['dataset', datasetId], ['table', tableId]] as const) {
    if (!/^[A-Za-z0-9_]{1,1024}$/.test(id)) throw new RangeError(`"${id}" is not a valid BigQuery ${kind} id`);
  }
  return `\`${projectId}.${datasetId}.${tableId}\``;
}

/** INT64 cells arrive as numbers or strings depending on the client's wrapping; counts fit in a double. */
export function numberCell(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' || typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && 'value' in value) return Number((value as { value: unknown }).value);
  return 0;
}

export function textCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}
