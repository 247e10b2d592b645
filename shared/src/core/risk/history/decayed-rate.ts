/** Half-lives of the time windows failure shares are kept over: an hour, a day, a week. */
export const WINDOW_HALF_LIVES_MS = [3_600_000, 86_400_000, 604_800_000] as const;
export const WINDOW_NAMES = ['1h', '1d', '7d'] as const;

/**
 * Exponentially decayed event counts: the soft version of "failures in the last hour/day/week" that
 * costs O(1) per update and read instead of a deque per window and pipeline.
 */
export class DecayedCounts {
  private readonly failures = new Float64Array(WINDOW_HALF_LIVES_MS.length);
  private readonly totals = new Float64Array(WINDOW_HALF_LIVES_MS.length);
  private updatedAt = Number.NaN;

  add(at: number, failed: boolean): void {
    this.decayTo(at);
    for (let i = 0; i < WINDOW_HALF_LIVES_MS.length; i += 1) {
      this.totals[i] = (this.totals[i] as number) + 1;
      if (failed) this.failures[i] = (this.failures[i] as number) + 1;
    }
  }

  /** Decayed failure count in window i as of `at` (never moves state backwards in time). */
  failuresAt(window: number, at: number): number {
    return (this.failures[window] as number) * this.factor(window, at);
  }

  totalAt(window: number, at: number): number {
    return (this.totals[window] as number) * this.factor(window, at);
  }

  /** Failure share in window i, NaN when nothing was seen. */
  shareAt(window: number): number {
    const total = this.totals[window] as number;
    return total > 1e-9 ? (this.failures[window] as number) / total : Number.NaN;
  }

  private factor(window: number, at: number): number {
    if (!(at > this.updatedAt)) return 1;
    return Math.pow(2, -(at - this.updatedAt) / (WINDOW_HALF_LIVES_MS[window] as number));
  }

  private decayTo(at: number): void {
    if (Number.isNaN(this.updatedAt)) {
      this.updatedAt = at;
      return;
    }
    if (!(at > this.updatedAt)) return;
    for (let i = 0; i < WINDOW_HALF_LIVES_MS.length; i += 1) {
      const factor = this.factor(i, at);
      this.failures[i] = (this.failures[i] as number) * factor;
      this.totals[i] = (this.totals[i] as number) * factor;
    }
    this.updatedAt = at;
  }
}
