import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import { maskPii } from '../../core/privacy/mask-pii';

export type ErrorKind = 'permanent' | 'transient';

/**
 * DuckDB names its ExceptionType only as the message prefix ("Constraint Error: ...", spelled as in
 * src/common/exception.cpp). Permanent are the types that mean "this row's values are wrong": retrying
 * the same row cannot succeed, so the event is recorded as rejected and acknowledged. Transient is
 * everything about the deployment (I/O, a lock or write-write conflict, memory, a missing table, our
 * own SQL): the delivery is retried and ends in the dead-letter topic if it persists. A type not in
 * the table is treated as transient for the same reason: only a known row fault may drop a retry.
 */
export const DUCKDB_ERROR_KINDS: ReadonlyMap<string, ErrorKind> = new Map<string, ErrorKind>([
  ['Conversion', 'permanent'],
  ['Constraint', 'permanent'],
  ['Invalid Input', 'permanent'],
  ['Out of Range', 'permanent'],
  ['Mismatch Type', 'permanent'],
  ['Invalid type', 'permanent'],
  ['Divide by Zero', 'permanent'],
  ['Decimal', 'permanent'],
  ['Unknown Type', 'permanent'],
  ['Parameter Not Resolved', 'permanent'],
  ['Parameter Not Allowed', 'permanent'],
  ['Sequence', 'permanent'],
  ['IO', 'transient'],
  ['Connection', 'transient'],
  ['TransactionContext', 'transient'],
  ['Out of Memory', 'transient'],
  ['INTERRUPT', 'transient'],
  ['FATAL', 'transient'],
  ['INTERNAL', 'transient'],
  ['Catalog', 'transient'],
  ['Binder', 'transient'],
  ['Parser', 'transient'],
  ['Serialization', 'transient'],
  ['Permission', 'transient'],
  ['HTTP', 'transient'],
  ['Dependency', 'transient'],
  ['Not implemented', 'transient'],
  ['Invalid Configuration', 'transient'],
]);

/** Duck-typed: errors from the native binding come from another realm under jest's VM, so instanceof Error fails there. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

/** The ExceptionType name, e.g. "Constraint" for "Constraint Error: ..."; 'Unknown' when the message has none. */
export function duckDbErrorType(error: unknown): string {
  const message = errorMessage(error);
  const match = /^([A-Za-z ]{1,40}?) Error:/.exec(message);
  return match ? (match[1] as string) : 'Unknown';
}

export function toStoreError(error: unknown, context: string, rowId?: string): TransientStoreError | PermanentStoreError {
  if (error instanceof TransientStoreError || error instanceof PermanentStoreError) return error;
  // DuckDB quotes the offending value in its messages; they reach logs, so they are masked here.
  const message = maskPii(errorMessage(error));
  if (DUCKDB_ERROR_KINDS.get(duckDbErrorType(error)) === 'permanent') {
    const rowErrors = rowId === undefined ? [] : [{ rowId, reason: 'invalid', message }];
    return new PermanentStoreError(`${context}: ${message}`, rowErrors, { cause: error });
  }
  return new TransientStoreError(`${context}: ${message}`, { cause: error });
}

/** The primary key refused a second row with the same key: for an idempotent save, a redelivery. */
export function isDuplicateKey(error: unknown): boolean {
  return duckDbErrorType(error) === 'Constraint' && /Duplicate key .* violates primary key constraint/.test(errorMessage(error));
}
