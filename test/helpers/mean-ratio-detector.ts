import type { SeriesDetector, SeriesDetectorFactory, SeriesScore } from '../../shared/src/core/monitor/ports';

interface MeanRatioState {
  kind: 'test.mean-ratio';
  count: number;
  mean: number;
  /** Every timestamp learned, so a test can see that no point was fed twice. */
  seen: number[];
}

/**
 * A transparent test detector: a point is anomalous when it is more than twice the running mean of
 * the points before it (after 3 points). Its state lists every timestamp it learned, so tests can
 * check persistence, reload and that no point is learned twice. The monitor's production detector is
 * the streaming detector; this one only makes the tick's bookkeeping visible.
 */
export class MeanRatioDetector implements SeriesDetector {
  constructor(private state: MeanRatioState = { kind: 'test.mean-ratio', count: 0, mean: 0, seen: [] }) {}

  update(point: { timestampMs: number; value: number }): SeriesScore {
    const { count, mean } = this.state;
    const ratio = count >= 3 && mean > 0 ? point.value / mean : 1;
    const isAnomaly = ratio > 2;
    this.state = { ...this.state, count: count + 1, mean: mean + (point.value - mean) / (count + 1), seen: [...this.state.seen, point.timestampMs] };
    return {
      score: Math.min(1, Math.max(0, (ratio - 1) / 2)),
      isAnomaly,
      reasons: isAnomaly ? [`value ${point.value} is ${ratio.toFixed(1)}x the running mean ${mean.toFixed(1)} of ${count} points`] : [],
    };
  }

  toState(): MeanRatioState {
    return this.state;
  }
}

export const meanRatioDetectors: SeriesDetectorFactory = {
  create: () => new MeanRatioDetector(),
  restore: (state: unknown) => {
    const candidate = state as Partial<MeanRatioState> | null;
    if (candidate?.kind !== 'test.mean-ratio') throw new Error('not a mean-ratio state');
    return new MeanRatioDetector(candidate as MeanRatioState);
  },
};
