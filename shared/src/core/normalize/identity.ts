import { createHash } from 'node:crypto';
import type { LogEntry } from '../domain/log-entry';
import type { EventIdentity } from '../domain/pipeline-event';
import { isRecord } from './json';

/** JSON with object keys sorted at every depth, so the same entry always hashes the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Cloud Logging dedupes on (logName, insertId). Entries written without an insertId get one derived
 * from their whole content, so a redelivered copy still maps to the same identity.
 */
export function identityOf(entry: LogEntry): EventIdentity {
  const insertId = typeof entry.insertId === 'string' && entry.insertId.length > 0 ? entry.insertId : undefined;
  return { logName: entry.logName, insertId: insertId ?? `sha256:${sha256Hex(canonicalJson(entry))}` };
}

/** 128 bits of the identity hash: collision-free at any realistic volume, short enough for a key column. */
export function eventIdOf(identity: EventIdentity): string {
  return sha256Hex(`${identity.logName}\n${identity.insertId}`).slice(0, 32);
}
