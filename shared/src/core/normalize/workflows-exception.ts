import { asRecord, asString, isRecord, stringAt } from './json';
import { rpcCodeFrom } from './rpc-status';

/** A Workflows error map (cloud.google.com/workflows/docs/reference/syntax/error-types), flattened for events. */
export interface WorkflowsError {
  message: string;
  /** First tag, e.g. "HttpError", "ConnectionFailedError", "AuthError". */
  tag?: string;
  rpcCode?: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Connector and HTTP errors carry the Google API error in `body` (an object, or a JSON string):
 * {"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED"}}. Its message names the
 * real cause behind "HTTP server responded with error code 403", and its status is an rpc code name.
 */
function apiErrorIn(body: unknown): { message?: string; rpcCode?: number } {
  const parsed = typeof body === 'string' ? parseJson(body) : body;
  const error = asRecord(asRecord(parsed)?.error);
  if (error === undefined) return {};
  const message = asString(error.message);
  const rpcCode = rpcCodeFrom(error.status);
  return { ...(message ? { message } : {}), ...(rpcCode !== undefined && rpcCode !== 0 ? { rpcCode } : {}) };
}

/** ExecutionsSystemLog.failure.exception is the uncaught error map serialized as JSON, or a raised string. */
export function readWorkflowsException(raw: string): WorkflowsError {
  const parsed = parseJson(raw);
  if (!isRecord(parsed)) return { message: typeof parsed === 'string' ? parsed : raw };
  const tags = Array.isArray(parsed.tags) ? parsed.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  const api = apiErrorIn(parsed.body);
  const base = stringAt(parsed, 'message') ?? raw;
  const message = api.message !== undefined && !base.includes(api.message) ? `${base}: ${api.message}` : base;
  const error: WorkflowsError = { message };
  if (tags[0] !== undefined) error.tag = tags[0];
  if (api.rpcCode !== undefined) error.rpcCode = api.rpcCode;
  return error;
}
