/** Narrow, allocation-free readers over untrusted JSON: log producers omit, rename and retype fields. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

/** A non-empty string; empty strings are how proto3 JSON spells "unset", so they count as absent. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function at(value: unknown, ...keys: string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function stringAt(value: unknown, ...keys: string[]): string | undefined {
  return asString(at(value, ...keys));
}

export function recordAt(value: unknown, ...keys: string[]): JsonRecord | undefined {
  return asRecord(at(value, ...keys));
}

/** Keeps only string values: label maps are string-to-string by contract, anything else is noise. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, inner] of Object.entries(value)) if (typeof inner === 'string') out[key] = inner;
  return out;
}

/** Integer from a JSON number or a numeric string (int64 fields are strings in proto3 JSON). */
export function asInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number.parseInt(value.trim(), 10);
  return undefined;
}

export function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    const text = asString(value);
    if (text !== undefined) return text;
  }
  return undefined;
}
