import { explainIsolation, fitIsolationForest, isolationScore, isolationScores } from '../../../../shared/src/core/anomaly/isolation-forest';
import { gaussianRows } from './synthetic';

describe('missing values (NaN)', () => {
  it('uses each feature\'s training median over the rows that have it, ignoring NaN', () => {
    const model = fitIsolationForest(
      [
        [1, Number.NaN, 5],
        [2, 10, Number.NaN],
        [3, 30, Number.NaN],
        [100, Number.NaN, Number.NaN],
      ],
      { seed: 1 },
    );
    // Feature 0: median of 1,2,3,100 = 2.5; feature 1: of 10,30 = 20; feature 2: only 5.
    expect(Array.from(model.medians)).toEqual([2.5, 20, 5]);
  });

  it('gives a feature with no value in any training row a median of 0', () => {
    const model = fitIsolationForest([[1, Number.NaN], [2, Number.NaN], [3, Number.NaN]], { seed: 1 });
    expect(model.medians[1]).toBe(0);
  });

  it('scores a row with a missing value exactly as the same row holding the training median', () => {
    const rows = gaussianRows(400, 3, 5);
    const model = fitIsolationForest(rows, { seed: 2 });
    const median = model.medians[1] as number;
    expect(isolationScore(model, [3.5, Number.NaN, -1])).toBe(isolationScore(model, [3.5, median, -1]));
    expect(Array.from(isolationScores(model, [[Number.NaN, Number.NaN, Number.NaN]]))).toEqual([
      isolationScore(model, Array.from(model.medians)),
    ]);
  });

  it('trains on rows with missing values as if they held the median, and says which features were imputed', () => {
    const rows = gaussianRows(300, 2, 9);
    const withGaps = rows.map((row, i) => (i % 10 === 0 ? [row[0] as number, Number.NaN] : row));
    const model = fitIsolationForest(withGaps, { seed: 3 });
    const filled = fitIsolationForest(
      withGaps.map((row) => row.map((value, f) => (Number.isNaN(value) ? (model.medians[f] as number) : value))),
      { seed: 3 },
    );
    expect(Array.from(filled.threshold)).toEqual(Array.from(model.threshold));
    const explanation = explainIsolation(model, [8, Number.NaN], ['duration', 'cpu']);
    expect(explanation.features.find((entry) => entry.name === 'cpu')?.imputed ?? true).toBe(true);
    expect(explanation.features.find((entry) => entry.name === 'duration')?.imputed).toBe(false);
  });
});
