import type { RunStatus } from '../run-events';
import { DecayedCounts } from './decayed-rate';

/** How many recent outcomes and failure signatures one history keeps exactly. */
export const RECENT_OUTCOMES = 20;
const RECENT_SIGNATURES = 5;
const DURATION_SMOOTHING = 0.2;
/** A start this soon after a failed outcome of the same key is counted as a retry. */
const RETRY_WINDOW_MS = 3_600_000;

const FAILED = 1;
const SUCCEEDED = 0;
const CANCELLED = 2;

/**
 * What one key (a pipeline, a stage, a context value such as a user, or everything) has shown so far:
 * updated by starts and outcomes in stream order, read when a run starts. Only outcomes that have
 * arrived are in it, so a run's own outcome can never be part of the history its prediction reads.
 */
export class OutcomeHistory {
  outcomes = 0;
  failures = 0;
  cancellations = 0;
  consecutiveFailures = 0;
  outcomesSinceSuccess = 0;
  lastSuccessAt = Number.NaN;
  lastFailureAt = Number.NaN;
  lastOutcomeAt = Number.NaN;
  firstStartAt = Number.NaN;
  lastStartAt = Number.NaN;
  starts = 0;
  retryStarts = 0;
  inFlight = 0;
  /** Decided outcomes that followed a failed one, and how many of those failed again: failure persistence. */
  afterFailure = 0;
  failedAfterFailure = 0;
  lastLogDuration = Number.NaN;
  smoothedLogDuration = Number.NaN;
  lastFailureLogDuration = Number.NaN;
  readonly windows = new DecayedCounts();
  readonly startRate = new DecayedCounts();
  private readonly recent = new Uint8Array(RECENT_OUTCOMES);
  private recentNext = 0;
  private readonly signatures: string[] = [];
  private lastOutcomeFailed = false;

  /** `retry` when the producer says (Airflow try number > 1); otherwise a start soon after a failure counts as one. */
  recordStart(at: number, retry?: boolean): void {
    if (Number.isNaN(this.firstStartAt)) this.firstStartAt = at;
    if (retry ?? (this.lastOutcomeFailed && at - this.lastFailureAt <= RETRY_WINDOW_MS)) this.retryStarts += 1;
    this.lastStartAt = at;
    this.starts += 1;
    this.inFlight += 1;
    this.startRate.add(at, false);
  }

  recordOutcome(at: number, status: RunStatus, durationS: number | undefined, signature: string | undefined, started: boolean): void {
    if (started && this.inFlight > 0) this.inFlight -= 1;
    const code = status === 'failed' ? FAILED : status === 'cancelled' ? CANCELLED : SUCCEEDED;
    this.recent[this.recentNext % RECENT_OUTCOMES] = code;
    this.recentNext += 1;
    this.outcomes += 1;
    this.lastOutcomeAt = at;
    if (status !== 'cancelled' && this.consecutiveFailures > 0) {
      this.afterFailure += 1;
      if (status === 'failed') this.failedAfterFailure += 1;
    }
    if (status === 'failed') {
      this.failures += 1;
      this.consecutiveFailures += 1;
      this.outcomesSinceSuccess += 1;
      this.lastFailureAt = at;
      this.lastOutcomeFailed = true;
      if (signature !== undefined) {
        this.signatures.push(signature);
        if (this.signatures.length > RECENT_SIGNATURES) this.signatures.shift();
      }
    } else if (status === 'succeeded') {
      this.consecutiveFailures = 0;
      this.outcomesSinceSuccess = 0;
      this.lastSuccessAt = at;
      this.lastOutcomeFailed = false;
    } else {
      this.cancellations += 1;
      this.outcomesSinceSuccess += 1;
      this.lastOutcomeFailed = false;
    }
    if (status !== 'cancelled') this.windows.add(at, status === 'failed');
    if (durationS !== undefined && durationS >= 0) {
      const logDuration = Math.log1p(durationS);
      this.lastLogDuration = logDuration;
      if (status === 'failed') this.lastFailureLogDuration = logDuration;
      this.smoothedLogDuration = Number.isNaN(this.smoothedLogDuration)
        ? logDuration
        : this.smoothedLogDuration + DURATION_SMOOTHING * (logDuration - this.smoothedLogDuration);
    }
  }

  /** Share of failures among the last n known (succeeded or failed) outcomes; NaN when none is known. */
  failShareOfLast(n: number): number {
    const kept = Math.min(this.recentNext, RECENT_OUTCOMES);
    let counted = 0;
    let failed = 0;
    for (let i = 1; i <= kept && counted < n; i += 1) {
      const code = this.recent[(this.recentNext - i) % RECENT_OUTCOMES];
      if (code === CANCELLED) continue;
      counted += 1;
      if (code === FAILED) failed += 1;
    }
    return counted === 0 ? Number.NaN : failed / counted;
  }

  cancelShareOfLast(n: number): number {
    const count = Math.min(n, this.recentNext, RECENT_OUTCOMES);
    if (count === 0) return Number.NaN;
    let cancelled = 0;
    for (let i = 1; i <= count; i += 1) {
      if (this.recent[(this.recentNext - i) % RECENT_OUTCOMES] === CANCELLED) cancelled += 1;
    }
    return cancelled / count;
  }

  /** Distinct error signatures among the recent failures (0 when none were classified). */
  distinctRecentSignatures(): number {
    return new Set(this.signatures).size;
  }

  /** How many of the recent failures carry the latest failure's signature: a repeating error. */
  latestSignatureRepeats(): number {
    const latest = this.signatures[this.signatures.length - 1];
    if (latest === undefined) return 0;
    let repeats = 0;
    for (const signature of this.signatures) if (signature === latest) repeats += 1;
    return repeats;
  }
}
