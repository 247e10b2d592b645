import { asInteger, asString, isRecord } from './json';
import { ownValue } from '../domain/own-value';

/** google.rpc.Code names to numbers (googleapis/google/rpc/code.proto); some payloads carry the name. */
export const RPC_CODE_BY_NAME: Readonly<Record<string, number>> = {
  OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14, DATA_LOSS: 15, UNAUTHENTICATED: 16,
};

export function rpcCodeFrom(value: unknown): number | undefined {
  const numeric = asInteger(value);
  if (numeric !== undefined) return numeric;
  const name = asString(value);
  return name === undefined ? undefined : ownValue(RPC_CODE_BY_NAME, name.toUpperCase());
}

/** A google.rpc.Status (or a BigQuery ErrorProto, which adds `reason`) that actually reports an error. */
export interface ReportedError {
  code?: number;
  message?: string;
  reason?: string;
}

/**
 * Proto3 JSON prints an empty `status: {}` on success and `code: 0` means OK, so an error counts only
 * when it has a non-zero code, a message or a reason.
 */
export function reportedError(value: unknown): ReportedError | undefined {
  if (!isRecord(value)) return undefined;
  const code = rpcCodeFrom(value.code);
  const message = asString(value.message);
  const reason = asString(value.reason);
  if ((code === undefined || code === 0) && message === undefined && reason === undefined) return undefined;
  const error: ReportedError = {};
  if (code !== undefined && code !== 0) error.code = code;
  if (message !== undefined) error.message = message;
  if (reason !== undefined) error.reason = reason;
  return error;
}

/**
 * The text that states a reported error: its message, else the producer's reason, else the rpc
 * code's name ("PERMISSION_DENIED"), so a failure that came with only a code still says what it was.
 */
export function errorText(error: ReportedError | undefined): string | undefined {
  if (error === undefined) return undefined;
  if (error.message !== undefined) return error.message;
  if (error.reason !== undefined) return error.reason;
  if (error.code === undefined) return undefined;
  return Object.entries(RPC_CODE_BY_NAME).find(([, code]) => code === error.code)?.[0];
}
