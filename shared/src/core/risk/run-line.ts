import { RUN_STATUSES, type RunEvent, type RunStatus } from './run-events';

export type RunLineErrorCode = 'empty_line' | 'not_json' | 'not_object' | 'invalid_type' | 'missing_field' | 'invalid_field';

/** A run-stream line that cannot be used; the code and message name what was wrong. */
export class RunLineError extends Error {
  override readonly name = 'RunLineError';
  constructor(
    readonly code: RunLineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function requireString(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (value === undefined || value === null) throw new RunLineError('missing_field', `"${field}" is required`);
  if (typeof value !== 'string' || value === '') throw new RunLineError('invalid_field', `"${field}" must be a non-empty string`);
  return value;
}

function requireTime(record: Record<string, unknown>): number {
  const text = requireString(record, 'at');
  const millis = Date.parse(text);
  if (!Number.isFinite(millis)) throw new RunLineError('invalid_field', `"at" is not an ISO-8601 timestamp: ${JSON.stringify(text).slice(0, 60)}`);
  return millis;
}

function optionalNumberMap(record: Record<string, unknown>, field: string): Record<string, number> | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new RunLineError('invalid_field', `"${field}" must be an object of numbers`);
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item !== 'number' || !Number.isFinite(item)) throw new RunLineError('invalid_field', `"${field}.${name}" must be a finite number`);
  }
  return value as Record<string, number>;
}

function optionalStringMap(record: Record<string, unknown>, field: string): Record<string, string> | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new RunLineError('invalid_field', `"${field}" must be an object of strings`);
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item !== 'string') throw new RunLineError('invalid_field', `"${field}.${name}" must be a string`);
  }
  return value as Record<string, string>;
}

function optionalNumber(record: Record<string, unknown>, field: string, min: number, max = Infinity): number | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RunLineError('invalid_field', `"${field}" must be a number in [${min}, ${max}]`);
  }
  return value;
}

function optionalString(record: Record<string, unknown>, field: string): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new RunLineError('invalid_field', `"${field}" must be a string`);
  return value;
}

/** Validates one parsed run-stream object; throws RunLineError naming the first bad field. */
export function toRunEvent(value: unknown): RunEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RunLineError('not_object', 'line must be a JSON object');
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (type !== 'start' && type !== 'outcome') throw new RunLineError('invalid_type', `"type" must be "start" or "outcome", got ${JSON.stringify(type ?? null)}`);
  const pipelineId = requireString(record, 'pipelineId');
  const runId = requireString(record, 'runId');
  const at = requireTime(record);
  if (type === 'start') {
    const features = optionalNumberMap(record, 'features');
    const context = optionalStringMap(record, 'context');
    const anomalyScore = optionalNumber(record, 'anomalyScore', 0, 1);
    return {
      type,
      pipelineId,
      runId,
      at,
      ...(features ? { features } : {}),
      ...(context ? { context } : {}),
      ...(anomalyScore !== undefined ? { anomalyScore } : {}),
    };
  }
  const status = record.status;
  if (status === undefined || status === null) throw new RunLineError('missing_field', '"status" is required on an outcome line');
  if (typeof status !== 'string' || !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new RunLineError('invalid_field', `"status" must be one of ${RUN_STATUSES.join(', ')}`);
  }
  const durationS = optionalNumber(record, 'durationS', 0);
  const retries = optionalNumber(record, 'retries', 0);
  const signature = optionalString(record, 'signature');
  const category = optionalString(record, 'category');
  return {
    type,
    pipelineId,
    runId,
    at,
    status: status as RunStatus,
    ...(durationS !== undefined ? { durationS } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(signature !== undefined ? { signature } : {}),
    ...(category !== undefined ? { category } : {}),
  };
}

/** Parses one JSONL line of the run stream. */
export function parseRunLine(line: string): RunEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    if (line.trim() === '') throw new RunLineError('empty_line', 'empty line');
    throw new RunLineError('not_json', `line is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return toRunEvent(value);
}
