import { ConfigError } from '../../domain/errors';

/**
 * Small typed readers over a parsed JSON configuration value. Every failure names the full key path
 * (e.g. "pipelines.orders.dataflow.allowedZones[1]") so a bad deployment fails at start, pointing at the line to fix.
 */
export type Raw = Readonly<Record<string, unknown>>;

export function objectAt(value: unknown, key: string): Raw {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(key, `must be an object, got ${describe(value)}`);
  return value as Raw;
}

export function rejectUnknownKeys(raw: Raw, key: string, allowed: readonly string[]): void {
  for (const name of Object.keys(raw)) {
    if (!allowed.includes(name)) throw new ConfigError(join(key, name), `is not a known setting (expected one of ${allowed.join(', ')})`);
  }
}

export function join(parent: string, child: string): string {
  return parent === '' ? child : `${parent}.${child}`;
}

export function bool(value: unknown, key: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(key, `must be true or false, got ${describe(value)}`);
  return value;
}

export function optionalBool(value: unknown, key: string): boolean | undefined {
  return value === undefined ? undefined : bool(value, key, false);
}

export function int(value: unknown, key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

export function num(value: unknown, key: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(key, `must be a number from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

export function text(value: unknown, key: string, pattern?: RegExp, expected?: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(key, `must be a non-empty string, got ${describe(value)}`);
  if (pattern !== undefined && !pattern.test(value)) throw new ConfigError(key, `must be ${expected ?? `like ${pattern}`}, got "${value}"`);
  return value;
}

export function optionalText(value: unknown, key: string, pattern?: RegExp, expected?: string): string | undefined {
  return value === undefined ? undefined : text(value, key, pattern, expected);
}

export function oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(key, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

export function list(value: unknown, key: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(key, `must be a list, got ${describe(value)}`);
  return value;
}

export function textList(value: unknown, key: string, pattern?: RegExp, expected?: string): string[] {
  return list(value, key).map((item, index) => text(item, `${key}[${index}]`, pattern, expected));
}

export function textMap(value: unknown, key: string): Record<string, string> {
  const raw = objectAt(value, key);
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(raw)) {
    if (typeof item !== 'string') throw new ConfigError(join(key, name), `must be a string, got ${describe(item)}`);
    out[name] = item;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
