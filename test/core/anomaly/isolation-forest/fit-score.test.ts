import {
  averagePathLength,
  fitIsolationForest,
  IsolationForestInputError,
  isolationScore,
  isolationScores,
  maxTreeDepth,
  type IsolationForestModel,
} from '../../../../shared/src/core/anomaly/isolation-forest';
import { gaussianRows } from './synthetic';

function treeDepths(model: IsolationForestModel): number[] {
  const depths: number[] = [];
  for (const root of model.roots) {
    let deepest = 0;
    const stack: Array<[number, number]> = [[root, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop() as [number, number];
      deepest = Math.max(deepest, depth);
      if ((model.feature[node] as number) >= 0) stack.push([node + 1, depth + 1], [model.right[node] as number, depth + 1]);
    }
    depths.push(deepest);
  }
  return depths;
}

describe('fitIsolationForest', () => {
  const rows = gaussianRows(600, 4, 11);

  it('gives the same model and scores for the same seed, and a different forest for another seed', () => {
    const first = fitIsolationForest(rows, { seed: 3 });
    const again = fitIsolationForest(rows, { seed: 3 });
    const other = fitIsolationForest(rows, { seed: 4 });
    expect(again.toJSON()).toEqual(first.toJSON());
    expect(Array.from(isolationScores(again, rows))).toEqual(Array.from(isolationScores(first, rows)));
    expect(Array.from(other.threshold)).not.toEqual(Array.from(first.threshold));
  });

  it('grows 100 trees on min(256, n) rows each, no deeper than ceil(log2 psi)', () => {
    const model = fitIsolationForest(rows, { seed: 1 });
    expect(model.trees).toBe(100);
    expect(model.sampleSize).toBe(256);
    for (const root of model.roots) expect(model.size[root]).toBe(256);
    expect(Math.max(...treeDepths(model))).toBeLessThanOrEqual(maxTreeDepth(256));
    expect(Math.max(...treeDepths(model))).toBe(8);

    const small = fitIsolationForest(rows.slice(0, 40), { seed: 1, trees: 7 });
    expect(small.trees).toBe(7);
    expect(small.sampleSize).toBe(40);
    expect(Math.max(...treeDepths(small))).toBeLessThanOrEqual(maxTreeDepth(40));
  });

  it('scores an obvious outlier above every inlier', () => {
    const model = fitIsolationForest(rows, { seed: 5 });
    const inlierScores = isolationScores(model, rows);
    const outlier = isolationScore(model, [6, -6, 6, 6]);
    expect(outlier).toBeGreaterThan(Math.max(...inlierScores));
    expect(outlier).toBeGreaterThan(0.7);
    const centre = isolationScore(model, [0, 0, 0, 0]);
    expect(centre).toBeLessThan(0.5);
  });

  it('keeps every score within (0, 1]', () => {
    const model = fitIsolationForest(rows, { seed: 2 });
    const probes = [...rows, [1e9, -1e9, 0, 0], [-1e9, 1e9, 1e9, -1e9]];
    for (const score of isolationScores(model, probes)) {
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('credits a leaf with depth + c(points left in it): identical rows give one root leaf and score exactly 0.5', () => {
    const model = fitIsolationForest([[1, 2], [1, 2], [1, 2], [1, 2], [1, 2]], { seed: 9 });
    expect(model.feature.length).toBe(model.trees);
    expect(isolationScore(model, [1, 2])).toBeCloseTo(0.5, 12);
  });

  it('computes the exact score for a one-feature forest whose splits are forced', () => {
    // Whatever threshold is drawn in [0, 10), the three zeros go left (a constant leaf of 3 at depth 1)
    // and 10 goes right (a leaf of 1 at depth 1).
    const model = fitIsolationForest([[0], [0], [0], [10]], { seed: 4, trees: 5 });
    const c4 = averagePathLength(4);
    expect(isolationScore(model, [0])).toBeCloseTo(Math.pow(2, -(1 + averagePathLength(3)) / c4), 12);
    expect(isolationScore(model, [10])).toBeCloseTo(Math.pow(2, -1 / c4), 12);
  });

  it('scores 0.5 for everything when trained on a single row (nothing to tell apart)', () => {
    const model = fitIsolationForest([[3, 4]], { seed: 1 });
    expect(isolationScore(model, [3, 4])).toBe(0.5);
    expect(isolationScore(model, [300, -4])).toBe(0.5);
  });

  it('accepts Float64Array rows and scores them like plain arrays', () => {
    const typed = rows.map((row) => Float64Array.from(row));
    const fromTyped = fitIsolationForest(typed, { seed: 6 });
    const fromArrays = fitIsolationForest(rows, { seed: 6 });
    expect(Array.from(isolationScores(fromTyped, typed))).toEqual(Array.from(isolationScores(fromArrays, rows)));
  });

  it('refuses bad options and rows with a typed error naming what was wrong', () => {
    expect(() => fitIsolationForest([], { seed: 1 })).toThrow(IsolationForestInputError);
    expect(() => fitIsolationForest([[]], { seed: 1 })).toThrow(/no features/);
    expect(() => fitIsolationForest(rows, { seed: 1, trees: 0 })).toThrow(/trees must be a positive integer/);
    expect(() => fitIsolationForest(rows, { seed: 1, sampleSize: 2.5 })).toThrow(/sampleSize/);
    expect(() => fitIsolationForest(rows, { seed: Number.NaN })).toThrow(/seed/);
    expect(() => fitIsolationForest([[1, 2], [3]], { seed: 1 })).toThrow(/row 1 has 1 features, the forest expects 2/);
    try {
      fitIsolationForest([[1, 2], [3, Infinity]], { seed: 1 });
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(IsolationForestInputError);
      expect((error as IsolationForestInputError).row).toBe(1);
      expect((error as IsolationForestInputError).feature).toBe(1);
    }
    const model = fitIsolationForest(rows, { seed: 1 });
    expect(() => isolationScore(model, [1, 2, 3])).toThrow(/has 3 features, the forest expects 4/);
    expect(() => isolationScores(model, [[0, 0, 0, 0], [0, -Infinity, 0, 0]])).toThrow(/row 1 feature 1 is -Infinity/);
  });
});
