// Post-deploy smoke test: one sample LogEntry published to the pipeline-logs topic must come out of the
// deployed ingest function as a classified row of pipeline_events within the time allowed.
import type { LogEntry } from '../../shared/src/core/domain/log-entry';
import { eventIdOf, identityOf } from '../../shared/src/core/normalize/identity';

export interface StoredEventState {
  readonly status: string;
  readonly category: string | null;
}

export interface SmokeTestDependencies {
  /** Publishes one message (the LogEntry as JSON, as the sink sends it); resolves to its message id. */
  publish(data: Buffer): Promise<string>;
  /** The stored event with this id, or null while it has not arrived. */
  findEvent(eventId: string): Promise<StoredEventState | null>;
  sleep(ms: number): Promise<void>;
  /** Milliseconds on a monotonic clock. */
  elapsedMs(): number;
  progress(line: string): void;
}

export interface SmokeTestResult {
  readonly messageId: string;
  readonly eventId: string;
  readonly category: string;
  readonly waitedMs: number;
  readonly polls: number;
}

export class SmokeTestFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmokeTestFailure';
  }
}

export async function runSmokeTest(entry: LogEntry, deps: SmokeTestDependencies, options: { timeoutMs: number; pollIntervalMs: number }): Promise<SmokeTestResult> {
  const eventId = eventIdOf(identityOf(entry));
  const started = deps.elapsedMs();
  const messageId = await deps.publish(Buffer.from(JSON.stringify(entry), 'utf8'));
  deps.progress(`published ${entry.insertId ?? ''} as message ${messageId}; waiting for event ${eventId}`);
  let polls = 0;
  for (;;) {
    polls += 1;
    const stored = await deps.findEvent(eventId);
    const waitedMs = deps.elapsedMs() - started;
    if (stored !== null) {
      if (stored.status !== 'failed' || stored.category === null || stored.category === '') {
        throw new SmokeTestFailure(`event ${eventId} arrived but was not classified as a failure (status ${stored.status}, category ${stored.category ?? 'none'})`);
      }
      return { messageId, eventId, category: stored.category, waitedMs, polls };
    }
    if (waitedMs + options.pollIntervalMs > options.timeoutMs) {
      throw new SmokeTestFailure(
        `event ${eventId} (message ${messageId}) did not reach pipeline_events within ${Math.round(options.timeoutMs / 1000)} s after ${polls} polls: check the ingest function's logs and the dead-letter subscription`,
      );
    }
    await deps.sleep(options.pollIntervalMs);
  }
}
