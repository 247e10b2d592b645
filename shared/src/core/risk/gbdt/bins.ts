import type { RandomSource } from '../../ports/random';
import { randomInt } from '../../forest/seeded-random';

/** Bin 0 holds missing values; values go to 1 + the number of cut points below them. */
export const MISSING_BIN = 0;
const EDGE_SAMPLE = 5_000;

/**
 * Quantile cut points per feature from a sample of rows, at most maxBins - 2 of them so every
 * binned value fits with the missing bin in maxBins (histogram split search then costs
 * O(features × bins) per node instead of O(rows)).
 */
export function quantileEdges(x: Float32Array, rows: number, cols: number, maxBins: number, random: RandomSource): Float64Array[] {
  const sampleSize = Math.min(rows, EDGE_SAMPLE);
  const sample = new Int32Array(sampleSize);
  for (let i = 0; i < sampleSize; i += 1) sample[i] = rows <= EDGE_SAMPLE ? i : randomInt(random, rows);
  const edges: Float64Array[] = [];
  const values = new Float64Array(sampleSize);
  for (let f = 0; f < cols; f += 1) {
    let n = 0;
    for (let i = 0; i < sampleSize; i += 1) {
      const value = x[(sample[i] as number) * cols + f] as number;
      if (!Number.isNaN(value)) values[n++] = value;
    }
    const sorted = values.subarray(0, n).sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i += 1) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
    const maxCuts = maxBins - 2;
    if (distinct.length - 1 <= maxCuts) {
      // Few distinct values: cut between each neighbouring pair (midpoints survive float32 rounding).
      const cuts = new Float64Array(Math.max(0, distinct.length - 1));
      for (let i = 0; i + 1 < distinct.length; i += 1) cuts[i] = ((distinct[i] as number) + (distinct[i + 1] as number)) / 2;
      edges.push(cuts);
      continue;
    }
    const cuts: number[] = [];
    for (let k = 1; k <= maxCuts; k += 1) {
      const value = sorted[Math.min(n - 1, Math.floor((k * n) / (maxCuts + 1)))] as number;
      if (cuts.length === 0 || value > (cuts[cuts.length - 1] as number)) cuts.push(value);
    }
    // The largest value must fall right of every cut, or its bin would swallow nothing.
    if (cuts.length > 0 && cuts[cuts.length - 1] === sorted[n - 1]) cuts.pop();
    edges.push(Float64Array.from(cuts));
  }
  return edges;
}

export function binOf(cuts: Float64Array, value: number): number {
  if (Number.isNaN(value)) return MISSING_BIN;
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((cuts[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low + 1;
}

/** Row-major bin codes (one byte each) so a node's histogram pass reads its rows contiguously. */
export function binMatrix(x: Float32Array, rows: number, cols: number, edges: readonly Float64Array[]): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r += 1) {
    const base = r * cols;
    for (let f = 0; f < cols; f += 1) out[base + f] = binOf(edges[f] as Float64Array, x[base + f] as number);
  }
  return out;
}
