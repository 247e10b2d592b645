import type { ExecutionResult } from '../../core/remediation/actions';

/**
 * The one list of retryable failures for every executor. Canonical google.rpc codes win over the HTTP
 * status when the response names one, because HTTP 409 means both ALREADY_EXISTS (permanent) and
 * ABORTED (a concurrency conflict worth retrying) and 500 both INTERNAL and DATA_LOSS.
 */
const RETRYABLE_STATUSES = new Set(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED', 'ABORTED', 'INTERNAL', 'UNKNOWN']);
const RETRYABLE_HTTP = new Set([408, 429, 500, 502, 503, 504]);
/** BigQuery reports rate limits and backend hiccups as ErrorProto reasons, some of them under HTTP 403. */
const RETRYABLE_REASONS = new Set([
  'backendError',
  'internalError',
  'rateLimitExceeded',
  'jobRateLimitExceeded',
  'jobBackendError',
  'jobInternalError',
]);
/** Connection-level failures: the request may never have arrived, so trying later is sound. */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const GRPC_CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

const GRPC_TO_HTTP: Record<string, number> = {
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

/** What went wrong with one API call, reduced to facts that are safe to store and show. */
export interface ApiFailure {
  httpStatus?: number;
  /** Canonical google.rpc code name (NOT_FOUND, UNAVAILABLE, ...) when known. */
  status?: string;
  /** Service-specific reason, e.g. BigQuery "duplicate" or "rateLimitExceeded". */
  reason?: string;
  /** Connection error code (ECONNRESET, ...) when no response arrived. */
  networkCode?: string;
  message: string;
  retryable: boolean;
}

const MAX_MESSAGE_CHARS = 600;

/**
 * Reads the failure out of whichever error shape the client library threw: @google-cloud/common's
 * ApiError (HTTP code + errors[]), the GaxiosError that google-gax's REST transport and
 * google-auth-library surface (HTTP status, Google or Airflow JSON body), a gax GoogleError (gRPC code),
 * or a bare network error. Never copies request config or headers, which carry the access token.
 */
export function describeApiError(error: unknown): ApiFailure {
  const record = asRecord(error);
  const rawMessage = typeof record?.message === 'string' ? record.message : String(error);
  let httpStatus: number | undefined;
  let status: string | undefined;
  let reason: string | undefined;
  let message = rawMessage;

  // DOMException (abort, timeout) has numeric legacy codes that are not gRPC codes.
  const numericCode = typeof record?.code === 'number' && !(error instanceof DOMException) ? record.code : undefined;
  const responseStatus = asRecord(record?.response)?.status;
  if (typeof record?.status === 'number') httpStatus = record.status;
  else if (typeof responseStatus === 'number') httpStatus = responseStatus;
  else if (numericCode !== undefined && numericCode >= 100) httpStatus = numericCode;
  else if (numericCode !== undefined && numericCode < GRPC_CODE_NAMES.length) status = GRPC_CODE_NAMES[numericCode];

  const body = errorBody(record, rawMessage);
  const googleError = asRecord(body?.error);
  if (googleError) {
    if (typeof googleError.message === 'string') message = googleError.message;
    if (typeof googleError.status === 'string') status = googleError.status;
    if (httpStatus === undefined && typeof googleError.code === 'number') httpStatus = googleError.code;
    reason = firstReason(googleError.errors) ?? reasonFromDetails(googleError.details);
  } else if (body && typeof body.title === 'string') {
    // Airflow's REST API answers with RFC 7807 problem JSON: {type, title, status, detail}.
    message = typeof body.detail === 'string' ? `${body.title}: ${body.detail}` : body.title;
  }
  reason ??= firstReason(record?.errors);
  if (!googleError && Array.isArray(record?.errors)) {
    const first = asRecord(record.errors[0]);
    if (typeof first?.message === 'string') message = first.message;
  }
  if (httpStatus === undefined && status !== undefined) httpStatus = GRPC_TO_HTTP[status];

  const networkCode = httpStatus === undefined ? networkErrorCode(record) : undefined;
  const timedOut = isTimeout(record);

  let retryable: boolean;
  if (reason !== undefined && RETRYABLE_REASONS.has(reason)) retryable = true;
  else if (status !== undefined && isCanonicalName(status)) retryable = RETRYABLE_STATUSES.has(status);
  else if (httpStatus !== undefined) retryable = RETRYABLE_HTTP.has(httpStatus);
  else retryable = (networkCode !== undefined && RETRYABLE_NETWORK_CODES.has(networkCode)) || timedOut;

  const failure: ApiFailure = { message: redactSecrets(message), retryable };
  if (httpStatus !== undefined) failure.httpStatus = httpStatus;
  if (status !== undefined) failure.status = status;
  if (reason !== undefined) failure.reason = reason;
  if (networkCode !== undefined) failure.networkCode = networkCode;
  if (timedOut && status === undefined) failure.status = 'DEADLINE_EXCEEDED';
  return failure;
}

/** "jobs.insert failed: HTTP 403 PERMISSION_DENIED (accessDenied): Access Denied: ..." */
export function formatFailure(operation: string, failure: ApiFailure): string {
  const parts = [`${operation} failed:`];
  if (failure.httpStatus !== undefined) parts.push(`HTTP ${failure.httpStatus}`);
  if (failure.status !== undefined) parts.push(failure.status);
  if (failure.reason !== undefined) parts.push(`(${failure.reason})`);
  if (failure.networkCode !== undefined) parts.push(failure.networkCode);
  return parts.length === 1 ? `${operation} failed: ${failure.message}` : `${parts.join(' ')}: ${failure.message}`;
}

export function failedResult(operation: string, error: unknown): ExecutionResult {
  return resultFromFailure(operation, describeApiError(error));
}

export function resultFromFailure(operation: string, failure: ApiFailure): ExecutionResult {
  const result: ExecutionResult = { status: 'failed', detail: formatFailure(operation, failure), retryable: failure.retryable };
  if (failure.httpStatus !== undefined) result.httpStatus = failure.httpStatus;
  return result;
}

/** An action that cannot be sent as it is: no call is made, and repeating it cannot help. */
export function invalidAction(reason: string): ExecutionResult {
  return { status: 'failed', detail: `invalid action: ${reason}`, retryable: false };
}

/**
 * Strips what must never reach a stored detail or a log line: bearer tokens, token-like query
 * parameters and Slack-style webhook URLs (their path is the credential).
 */
export function redactSecrets(text: string): string {
  const redacted = text
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/\b(access_token|id_token|token|key|sig|signature|secret)=[^&\s"']+/gi, '$1=[redacted]')
    .replace(/https:\/\/hooks\.slack\.com\/[^\s"']+/gi, '[redacted webhook url]')
    .replace(/\s+/g, ' ')
    .trim();
  return redacted.length > MAX_MESSAGE_CHARS ? `${redacted.slice(0, MAX_MESSAGE_CHARS)}…` : redacted;
}

function isCanonicalName(status: string): boolean {
  return (GRPC_CODE_NAMES as readonly string[]).includes(status);
}

function errorBody(record: Record<string, unknown> | undefined, rawMessage: string): Record<string, unknown> | undefined {
  const data = asRecord(asRecord(record?.response)?.data);
  if (data) return data;
  // google-gax's REST transport reads the response as a stream, so gaxios puts the body text in the message.
  const text = rawMessage.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function firstReason(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  const reason = asRecord(errors[0])?.reason;
  return typeof reason === 'string' && reason.length > 0 ? reason : undefined;
}

/** google.rpc.ErrorInfo carries a reason too (e.g. "SERVICE_DISABLED"). */
function reasonFromDetails(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const entry = asRecord(detail);
    if (typeof entry?.['@type'] === 'string' && entry['@type'].endsWith('google.rpc.ErrorInfo') && typeof entry.reason === 'string') {
      return entry.reason;
    }
  }
  return undefined;
}

function networkErrorCode(record: Record<string, unknown> | undefined): string | undefined {
  for (let current = record, depth = 0; current && depth < 4; current = asRecord(current.cause), depth += 1) {
    if (typeof current.code === 'string' && current.code.length > 0) return current.code;
  }
  return undefined;
}

/** Deadline hits surface as DOMException TimeoutError/AbortError, possibly wrapped (gaxios puts it in cause and code). */
function isTimeout(record: Record<string, unknown> | undefined): boolean {
  const names = new Set(['TimeoutError', 'AbortError']);
  for (let current = record, depth = 0; current && depth < 4; current = asRecord(current.cause), depth += 1) {
    if (names.has(String(current.name)) || names.has(String(current.code))) return true;
  }
  return false;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
