import { mulberry32, randomInt } from '../../../shared/src/core/forest/seeded-random';
import { bestThreshold, createSplitScratch, type FeatureSplit } from '../../../shared/src/core/forest/split-search';

/** Dense reference: try every threshold between distinct values and score the gini proxy directly. */
function bruteForce(values: number[], labels: number[], weights: number[], nClasses: number, minLeaf: number): number {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  let best = -Infinity;
  for (let i = 0; i + 1 < distinct.length; i += 1) {
    const threshold = ((distinct[i] as number) + (distinct[i + 1] as number)) / 2;
    const left = new Array<number>(nClasses).fill(0);
    const right = new Array<number>(nClasses).fill(0);
    let leftCount = 0;
    values.forEach((value, row) => {
      const side = value <= threshold ? left : right;
      const label = labels[row] as number;
      side[label] = (side[label] as number) + (weights[row] as number);
      if (value <= threshold) leftCount += 1;
    });
    if (leftCount < minLeaf || values.length - leftCount < minLeaf) continue;
    const score = (side: number[]) => side.reduce((a, b) => a + b * b, 0) / side.reduce((a, b) => a + b, 0);
    best = Math.max(best, score(left) + score(right));
  }
  return best;
}

describe('bestThreshold (sparse gini split search)', () => {
  it('finds the same best gini split as a dense search, with zeros implicit and negative values allowed', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 300; trial += 1) {
      const n = 2 + randomInt(random, 30);
      const nClasses = 2 + randomInt(random, 3);
      const minLeaf = 1 + randomInt(random, 3);
      const labels = Array.from({ length: n }, () => randomInt(random, nClasses));
      const weights = Array.from({ length: n }, () => 0.5 + randomInt(random, 4));
      // Few distinct values so ties (and the zero block) are common.
      const values = Array.from({ length: n }, () => (random() < 0.5 ? 0 : (randomInt(random, 5) - 1) * 0.25));

      const nonZeroRows = values.flatMap((value, row) => (value !== 0 ? [row] : []));
      const totals = new Float64Array(nClasses);
      labels.forEach((label, row) => (totals[label] = (totals[label] as number) + (weights[row] as number)));
      const out: FeatureSplit = { score: 0, threshold: 0 };
      bestThreshold(
        Int32Array.from(nonZeroRows),
        Float64Array.from(nonZeroRows, (row) => values[row] as number),
        0,
        nonZeroRows.length,
        { totals, weight: weights.reduce((a, b) => a + b, 0), count: n, sumSquares: totals.reduce((a, b) => a + b * b, 0) },
        Int32Array.from(labels),
        Float64Array.from(weights),
        new Int32Array(n).fill(1),
        minLeaf,
        createSplitScratch(nClasses, 4),
        out,
      );
      const expected = bruteForce(values, labels, weights, nClasses, minLeaf);
      if (expected === -Infinity) expect(out.score).toBe(-Infinity);
      else {
        expect(out.score).toBeCloseTo(expected, 9);
        // The threshold actually achieves that score.
        expect(bruteForce(values.map((v) => (v <= out.threshold ? -1 : 1)), labels, weights, nClasses, minLeaf)).toBeCloseTo(expected, 9);
      }
    }
  });

  it('reports a feature constant in the node as unable to split', () => {
    const out: FeatureSplit = { score: 0, threshold: 0 };
    const totals = Float64Array.from([1, 1]);
    bestThreshold(Int32Array.from([0, 1]), Float64Array.from([0.5, 0.5]), 0, 2, { totals, weight: 2, count: 2, sumSquares: 2 }, Int32Array.from([0, 1]), Float64Array.from([1, 1]), Int32Array.from([1, 1]), 1, createSplitScratch(2, 2), out);
    expect(out.score).toBe(-Infinity);
  });

  it('counts a grouped row as the number of rows it stands for when applying min samples leaf', () => {
    // Zeros: row 2 (class 0, 2 rows). Value 1: row 1 (class 0, 1 row). Value 2: row 0 (class 1, a group of 3 rows).
    const out: FeatureSplit = { score: 0, threshold: 0 };
    const totals = Float64Array.from([3, 3]);
    bestThreshold(
      Int32Array.from([0, 1]),
      Float64Array.from([2, 1]),
      0,
      2,
      { totals, weight: 6, count: 6, sumSquares: 18 },
      Int32Array.from([1, 0, 0]),
      Float64Array.from([3, 1, 2]),
      Int32Array.from([3, 1, 2]),
      3,
      createSplitScratch(2, 2),
      out,
    );
    // Only the cut at 1.5 leaves 3 rows on each side, and only if the group counts as 3 rows.
    expect(out.threshold).toBe(1.5);
    expect(out.score).toBeCloseTo(3 + 3, 12);
  });
});
