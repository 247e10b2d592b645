/**
 * A line-for-line port of NAB's scoring (nab/sweeper.py: calcSweepScore + calcScoreByThreshold, and the
 * optimizer's single best threshold over the corpus), so configurations can be compared in seconds while
 * iterating. The reported figure always comes from NAB's own scorer (score.py); this port must agree
 * with it, and bench/nab.ts prints both.
 */
export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export const NAB_PROFILES: Record<string, CostMatrix> = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
};

export interface ScoredSeries {
  name: string;
  timestamps: string[];
  scores: number[];
  /** Window limits as indices into timestamps, inclusive. */
  windows: Array<[number, number]>;
}

interface SweepPoint {
  score: number;
  sweepScore: number;
  /** -1: outside every window; otherwise a corpus-wide window id. */
  window: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const scaledSigmoid = (position: number): number => (position > 3 ? -1 : 2 * sigmoid(-5 * position) - 1);

function sweep(series: ScoredSeries, cost: CostMatrix, windowIdBase: number, out: SweepPoint[]): void {
  const n = series.scores.length;
  const probation = Math.min(Math.floor(0.15 * n), 0.15 * 5000);
  const maxTp = scaledSigmoid(-1);
  let windowIndex = 0;
  let inWindow = -1;
  let windowRight = -1;
  let windowWidth = 0;
  let previousRight = -1;
  let previousWidth = 0;
  for (let i = 0; i < n; i += 1) {
    const next = series.windows[windowIndex];
    if (next !== undefined && i === next[0]) {
      inWindow = windowIndex;
      windowIndex += 1;
      windowRight = next[1];
      windowWidth = next[1] - next[0] + 1;
    }
    let weighted: number;
    if (inWindow >= 0) {
      weighted = (scaledSigmoid(-(windowRight - i + 1) / windowWidth) * cost.tpWeight) / maxTp;
    } else {
      const unweighted = previousRight < 0 ? -1 : scaledSigmoid(Math.abs(previousRight - i) / (previousWidth - 1));
      weighted = unweighted * cost.fpWeight;
    }
    if (i >= probation) out.push({ score: series.scores[i]!, sweepScore: weighted, window: inWindow >= 0 ? windowIdBase + inWindow : -1 });
    if (inWindow >= 0 && i === windowRight) {
      previousRight = i;
      previousWidth = windowWidth;
      inWindow = -1;
    }
  }
}

export interface ProfileResult {
  threshold: number;
  raw: number;
  normalized: number;
  tp: number;
  fp: number;
  windows: number;
}

/** NAB's optimizer and normalisation for one profile: best single threshold over all series, 100 perfect, 0 null. */
export function scoreCorpus(corpus: ScoredSeries[], cost: CostMatrix): ProfileResult {
  const points: SweepPoint[] = [];
  let windowCount = 0;
  for (const series of corpus) {
    sweep(series, cost, windowCount, points);
    windowCount += series.windows.length;
  }
  points.sort((a, b) => b.score - a.score);
  const windowParts = new Float64Array(windowCount).fill(-cost.fnWeight);
  // Windows lying wholly in a probation period are not scored by NAB either.
  const present = new Set(points.filter((p) => p.window >= 0).map((p) => p.window));
  let windowSum = -cost.fnWeight * present.size;
  let fpSum = 0;
  let best = { threshold: 1.1, raw: windowSum, tp: 0, fp: 0 };
  let tp = 0;
  let fp = 0;
  let current = 1.1;
  for (const point of points) {
    if (point.score !== current) {
      const total = windowSum + fpSum;
      if (total > best.raw) best = { threshold: current, raw: total, tp, fp };
      current = point.score;
    }
    if (point.window < 0) {
      fp += 1;
      fpSum += point.sweepScore;
    } else {
      tp += 1;
      const previous = windowParts[point.window]!;
      if (point.sweepScore > previous) {
        windowSum += point.sweepScore - previous;
        windowParts[point.window] = point.sweepScore;
      }
    }
  }
  const total = windowSum + fpSum;
  if (total > best.raw) best = { threshold: current, raw: total, tp, fp };
  const perfect = present.size * cost.tpWeight;
  const nullScore = -present.size * cost.fnWeight;
  return { ...best, normalized: (100 * (best.raw - nullScore)) / (perfect - nullScore), windows: present.size };
}
