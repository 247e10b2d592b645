import { InputRejectedError } from '../domain/errors';
import type { LogEntry } from '../domain/log-entry';
import { isRecord } from './json';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Checks only what every normalizer relies on (an object with a string logName and resource.type);
 * each source checks its own payload. Messages name the field so a rejected row explains itself.
 */
export function readLogEntry(value: unknown): LogEntry {
  if (!isRecord(value)) {
    throw new InputRejectedError('not_log_entry', `a LogEntry must be a JSON object, got ${describe(value)}`);
  }
  if (value.logName === undefined) throw new InputRejectedError('not_log_entry', 'LogEntry.logName is missing');
  if (typeof value.logName !== 'string' || value.logName.length === 0) {
    throw new InputRejectedError('not_log_entry', `LogEntry.logName must be a non-empty string, got ${describe(value.logName)}`);
  }
  if (value.resource === undefined) throw new InputRejectedError('not_log_entry', 'LogEntry.resource is missing');
  if (!isRecord(value.resource)) {
    throw new InputRejectedError('not_log_entry', `LogEntry.resource must be an object, got ${describe(value.resource)}`);
  }
  const type = value.resource.type;
  if (typeof type !== 'string' || type.length === 0) {
    throw new InputRejectedError(
      'not_log_entry',
      type === undefined ? 'LogEntry.resource.type is missing' : `LogEntry.resource.type must be a non-empty string, got ${describe(type)}`,
    );
  }
  // The checks above establish the fields LogEntry requires; the rest stays optional and is read defensively.
  return value as unknown as LogEntry;
}
