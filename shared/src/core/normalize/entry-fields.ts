import type { LogEntry } from '../domain/log-entry';
import { ownValue } from '../domain/own-value';
import { asString, stringAt } from './json';

/** LogSeverity numbers as the proto enum defines them; some exporters write the number instead of the name. */
const SEVERITY_BY_NUMBER: Readonly<Record<string, string>> = {
  0: 'DEFAULT', 100: 'DEBUG', 200: 'INFO', 300: 'NOTICE', 400: 'WARNING', 500: 'ERROR', 600: 'CRITICAL', 700: 'ALERT', 800: 'EMERGENCY',
};
const SEVERITY_RANK: Record<string, number> = {
  DEFAULT: 0, DEBUG: 100, INFO: 200, NOTICE: 300, WARNING: 400, ERROR: 500, CRITICAL: 600, ALERT: 700, EMERGENCY: 800,
};

export function severityOf(entry: LogEntry): string {
  const raw: unknown = entry.severity;
  if (typeof raw === 'number') return ownValue(SEVERITY_BY_NUMBER, String(raw)) ?? 'DEFAULT';
  if (typeof raw === 'string' && raw.length > 0) return raw.toUpperCase();
  return 'DEFAULT';
}

const ERROR_RANK = 500;

export function isErrorSeverity(entry: LogEntry): boolean {
  return (ownValue(SEVERITY_RANK, severityOf(entry)) ?? 0) >= ERROR_RANK;
}

/** The LOG_ID part of "projects/P/logs/LOG_ID", URL-decoded ("dataflow.googleapis.com/job-message"). */
export function logIdOf(entry: LogEntry): string {
  const marker = entry.logName.indexOf('/logs/');
  const encoded = marker >= 0 ? entry.logName.slice(marker + '/logs/'.length) : entry.logName;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** "projects/P/logs/..." names the project even when the resource labels do not. */
export function projectFromLogName(logName: string): string | undefined {
  return /^projects\/([^/]+)\//.exec(logName)?.[1];
}

/**
 * The human-readable line of an entry: textPayload, else the conventional jsonPayload.message
 * (structured logging), else an audit log's status message.
 */
export function entryText(entry: LogEntry): string | undefined {
  return (
    asString(entry.textPayload) ??
    stringAt(entry.jsonPayload, 'message') ??
    stringAt(entry.jsonPayload, 'textPayload') ??
    stringAt(entry.protoPayload, 'status', 'message')
  );
}

export function jsonPayloadType(entry: LogEntry): string | undefined {
  return stringAt(entry.jsonPayload, '@type');
}
