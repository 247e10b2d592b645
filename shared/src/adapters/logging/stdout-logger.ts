import type { Writable } from 'node:stream';
import type { LogSeverity } from '../../core/domain/log-entry';
import type { LogFields, Logger } from '../../core/ports/logger';
import { maskPii, maskPiiDeep } from '../../core/privacy/mask-pii';

const SEVERITY_RANK: Record<string, number> = {
  DEFAULT: 0, DEBUG: 100, INFO: 200, NOTICE: 300, WARNING: 400, ERROR: 500, CRITICAL: 600, ALERT: 700, EMERGENCY: 800,
};

export interface StdoutLoggerOptions {
  /** Cloud Run/Functions project id: turns a bare trace id into the resource name Logging links to. */
  projectId?: string;
  minSeverity?: LogSeverity;
  labels?: Record<string, string>;
  stream?: Writable;
}

/**
 * Writes one JSON object per line in the structured-logging shape the Cloud Functions (2nd gen)
 * logging agent parses: severity, message, logging.googleapis.com/labels and /trace become LogEntry fields.
 * The message and every field are PII-masked here, so no caller can log personal data by accident.
 */
export class StdoutLogger implements Logger {
  private readonly minRank: number;
  private readonly stream: Writable;

  constructor(private readonly options: StdoutLoggerOptions = {}) {
    this.minRank = SEVERITY_RANK[options.minSeverity ?? 'INFO'] ?? 200;
    this.stream = options.stream ?? process.stdout;
  }

  log(severity: LogSeverity, message: string, fields: LogFields = {}): void {
    if ((SEVERITY_RANK[severity] ?? 0) < this.minRank) return;
    const { trace, ...rest } = fields;
    const entry: Record<string, unknown> = { severity, message: maskPii(message), ...maskPiiDeep(withoutUndefined(rest)) };
    if (this.options.labels) entry['logging.googleapis.com/labels'] = this.options.labels;
    if (typeof trace === 'string' && trace.length > 0) {
      entry['logging.googleapis.com/trace'] =
        trace.startsWith('projects/') || !this.options.projectId ? trace : `projects/${this.options.projectId}/traces/${trace}`;
    }
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }
}

function withoutUndefined(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}
