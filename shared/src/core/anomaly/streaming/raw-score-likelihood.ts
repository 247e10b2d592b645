import { normalTail } from './tail-probability';

export interface LikelihoodState {
  recent: number[];
  recentNext: number;
  recentCount: number;
  mean: number;
  variance: number;
  seen: number;
}

/** Below this spread the distribution of raw scores is treated as this wide: a perfectly quiet series is not infinitely surprised. */
const MIN_STANDARD_DEVIATION = 0.01;

/**
 * Numenta's anomaly likelihood, online: the average of the last few raw scores is compared with the
 * distribution of such averages this series has produced so far (exponentially weighted mean and
 * variance). A series whose predictor is always a bit wrong stops alarming; a series whose surprise
 * rises above its own usual gets a likelihood near 1. The current average joins the distribution only
 * after it has been judged, so a point is never part of its own baseline.
 */
export class RawScoreLikelihood {
  constructor(
    private readonly alpha: number,
    private readonly warmupPoints: number,
    readonly recent: number[],
    public recentNext = 0,
    public recentCount = 0,
    public mean = 0,
    public variance = 0,
    public seen = 0,
  ) {}

  static empty(alpha: number, warmupPoints: number, averagingPoints: number): RawScoreLikelihood {
    return new RawScoreLikelihood(alpha, warmupPoints, new Array<number>(averagingPoints).fill(0));
  }

  /** Adds a raw score; returns the likelihood (0..1) that the recent average is unusual, 0 while learning. */
  observe(raw: number): number {
    const window = this.recent.length;
    this.recent[this.recentNext] = raw;
    this.recentNext = this.recentNext + 1 === window ? 0 : this.recentNext + 1;
    if (this.recentCount < window) this.recentCount += 1;
    let sum = 0;
    for (let i = 0; i < this.recentCount; i += 1) sum += this.recent[i]!;
    const average = sum / this.recentCount;

    let likelihood = 0;
    if (this.seen >= this.warmupPoints) {
      const deviation = Math.max(Math.sqrt(this.variance), MIN_STANDARD_DEVIATION);
      likelihood = average > this.mean ? 1 - normalTail((average - this.mean) / deviation) : 0;
    }
    this.learn(average);
    return likelihood;
  }

  toState(): LikelihoodState {
    return { recent: [...this.recent], recentNext: this.recentNext, recentCount: this.recentCount, mean: this.mean, variance: this.variance, seen: this.seen };
  }

  /** Takes over a stored window and distribution; the window length must match this instance's. */
  restore(state: LikelihoodState): boolean {
    if (state.recent.length !== this.recent.length || state.recentNext >= this.recent.length || state.recentCount > this.recent.length) return false;
    state.recent.forEach((raw, index) => (this.recent[index] = raw));
    this.recentNext = state.recentNext;
    this.recentCount = state.recentCount;
    this.mean = state.mean;
    this.variance = state.variance;
    this.seen = state.seen;
    return true;
  }

  get averageOfRecent(): number {
    let sum = 0;
    for (let i = 0; i < this.recentCount; i += 1) sum += this.recent[i]!;
    return this.recentCount === 0 ? 0 : sum / this.recentCount;
  }

  private learn(average: number): void {
    this.seen += 1;
    // Plain running moments until the exponential window is full, so early points are not over-weighted.
    const rate = Math.max(this.alpha, 1 / this.seen);
    const delta = average - this.mean;
    this.mean += rate * delta;
    this.variance = (1 - rate) * (this.variance + rate * delta * delta);
  }
}
