import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';

type RowError = { rowId: string; reason: string; message: string };

/**
 * Per-row insertErrors reasons that describe BigQuery's state, not the row: the same row may succeed
 * later. "stopped" marks rows that were fine but not written because another row in the request was
 * invalid, so it never decides the outcome on its own.
 * https://cloud.google.com/bigquery/docs/error-messages
 */
const TRANSIENT_ROW_REASONS = new Set(['backendError', 'internalError', 'timeout', 'rateLimitExceeded', 'quotaExceeded', 'stopped']);

/**
 * HTTP statuses where the request content is at fault, so retrying the same row cannot succeed:
 * 400 (invalid request or row) and 413 (row or request too large). Every other status, including
 * 401/403/404 (credentials, IAM, missing table), is a property of the deployment: the delivery is
 * retried and lands in the dead-letter topic if nobody fixes it, instead of being filed as bad input.
 */
const PERMANENT_STATUSES = new Set([400, 413]);

interface Failure {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errors?: unknown;
}

function asFailure(error: unknown): Failure {
  return typeof error === 'object' && error !== null ? (error as Failure) : {};
}

function messageOf(error: unknown): string {
  const message = asFailure(error).message;
  return typeof message === 'string' ? message : String(error);
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}

/** PartialFailureError from table.insert: { errors: [{ row, errors: [{ reason, message }] }] }. */
function partialFailureRows(error: unknown): RowError[] | undefined {
  const failure = asFailure(error);
  if (failure.name !== 'PartialFailureError' || !Array.isArray(failure.errors)) return undefined;
  const rows: RowError[] = [];
  for (const item of failure.errors as unknown[]) {
    const row = typeof item === 'object' && item !== null ? (item as { row?: unknown; errors?: unknown }) : {};
    // Rows are sent raw ({ insertId, json }), so the insertId is the event or rejection id.
    const rowId = stringField(row.row, 'insertId') ?? 'unknown-row';
    const rowErrors = Array.isArray(row.errors) ? (row.errors as unknown[]) : [];
    if (rowErrors.length === 0) rows.push({ rowId, reason: 'unknown', message: 'row refused without a reason' });
    for (const rowError of rowErrors) {
      rows.push({ rowId, reason: stringField(rowError, 'reason') ?? 'unknown', message: stringField(rowError, 'message') ?? '' });
    }
  }
  return rows;
}

function describeRows(rows: readonly RowError[]): string {
  return rows.map((row) => `row ${row.rowId}: ${row.reason}${row.message ? ` (${row.message})` : ''}`).join('; ');
}

/** Maps what table.insert throws onto the store's two error kinds, keeping the original as cause. */
export function toStoreError(error: unknown, target: string, rowId: string): TransientStoreError | PermanentStoreError {
  const rows = partialFailureRows(error);
  if (rows) {
    const text = `BigQuery refused rows in ${target}: ${describeRows(rows)}`;
    const permanent = rows.some((row) => !TRANSIENT_ROW_REASONS.has(row.reason));
    return permanent ? new PermanentStoreError(text, rows, { cause: error }) : new TransientStoreError(text, { cause: error });
  }
  const { code } = asFailure(error);
  if (typeof code === 'number') {
    const reasons = Array.isArray(asFailure(error).errors)
      ? (asFailure(error).errors as unknown[]).map((item) => stringField(item, 'reason')).filter((reason): reason is string => reason !== undefined)
      : [];
    const text = `BigQuery insertAll into ${target} failed with HTTP ${code}${reasons.length ? ` ${reasons.join(', ')}` : ''}: ${messageOf(error)}`;
    if (!PERMANENT_STATUSES.has(code)) return new TransientStoreError(text, { cause: error });
    // The store sends one row per request, so a refused request is a refused row.
    return new PermanentStoreError(text, [{ rowId, reason: reasons[0] ?? 'invalid', message: messageOf(error) }], { cause: error });
  }
  // No HTTP status: the request never got an answer (connection refused or reset, DNS, timeout).
  return new TransientStoreError(`BigQuery insertAll into ${target} failed: ${messageOf(error)}`, { cause: error });
}
