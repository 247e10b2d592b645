import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';

/**
 * DuckDB reports the error class only as the message prefix ("Constraint Error: ..."). Only classes
 * that mean "this row's values are wrong" are permanent: retrying the same row cannot succeed, so the
 * event is recorded as rejected. Everything else (I/O, a lock held by another process, a write-write
 * conflict, out of memory, or a Catalog/Binder error from a missing table) is a property of the
 * deployment, not of the row, so the delivery is retried and ends in the dead-letter topic if it persists.
 */
const ROW_FAULTS = ['Conversion Error', 'Constraint Error', 'Invalid Input Error', 'Out of Range Error', 'Mismatch Type Error'];

/** Duck-typed: errors from the native binding come from another realm under jest's VM, so instanceof Error fails there. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

export function duckDbErrorClass(error: unknown): string {
  const message = errorMessage(error);
  const match = /^([A-Za-z ]+? Error):/.exec(message);
  return match ? (match[1] as string) : 'Unknown Error';
}

export function toStoreError(error: unknown, context: string, rowId?: string): TransientStoreError | PermanentStoreError {
  if (error instanceof TransientStoreError || error instanceof PermanentStoreError) return error;
  const message = errorMessage(error);
  const errorClass = duckDbErrorClass(error);
  if (ROW_FAULTS.includes(errorClass)) {
    const rowErrors = rowId === undefined ? [] : [{ rowId, reason: 'invalid', message }];
    return new PermanentStoreError(`${context}: ${message}`, rowErrors, { cause: error });
  }
  return new TransientStoreError(`${context}: ${message}`, { cause: error });
}

/** The primary key refused a second row with the same key: for an idempotent save, a redelivery. */
export function isDuplicateKey(error: unknown): boolean {
  return duckDbErrorClass(error) === 'Constraint Error' && /Duplicate key .* violates primary key constraint/.test(errorMessage(error));
}
