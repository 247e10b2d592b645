import type { LogSeverity } from '../../shared/src/core/domain/log-entry';
import type { LogFields, Logger } from '../../shared/src/core/ports/logger';

export class MemoryLogger implements Logger {
  readonly lines: Array<{ severity: LogSeverity; message: string; fields: LogFields }> = [];
  log(severity: LogSeverity, message: string, fields: LogFields = {}): void {
    this.lines.push({ severity, message, fields });
  }
}
