import type { LogSeverity } from '../domain/log-entry';

export type LogFields = Record<string, unknown>;

/** Structured logging port; the adapter writes the JSON shape Cloud Logging parses from stdout. */
export interface Logger {
  log(severity: LogSeverity, message: string, fields?: LogFields): void;
}
