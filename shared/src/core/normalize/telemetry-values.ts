import type { EventTelemetry } from '../domain/run-telemetry';

/** A non-negative count from a JSON number or an int64 decimal string (proto3 JSON writes int64 as text). */
export function countOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return undefined;
  const parsed = Number(value.trim());
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const EPOCH_MILLIS = /^\d{12,14}$/;

/**
 * An instant as UTC ISO text (milliseconds). Audit logs write RFC 3339; the REST JobStatistics writes
 * epoch milliseconds as a string; Airflow writes "2026-11-21 04:01:01.118274+00:00".
 */
export function instantOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  let millis: number;
  if (EPOCH_MILLIS.test(text)) millis = Number(text);
  else if (RFC3339.test(text)) millis = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  else return undefined;
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

/** Copies the defined fields only, so an entry that states nothing yields an empty object. */
export function compactTelemetry(fields: { [K in keyof EventTelemetry]: EventTelemetry[K] | undefined }): EventTelemetry {
  const out: EventTelemetry = {};
  for (const [key, value] of Object.entries(fields) as Array<[keyof EventTelemetry, string | number | undefined]>) {
    if (value !== undefined) (out as Record<string, string | number>)[key] = value;
  }
  return out;
}
