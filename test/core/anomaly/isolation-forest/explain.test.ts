import { explainIsolation, fitIsolationForest, isolationScore } from '../../../../shared/src/core/anomaly/isolation-forest';
import { gaussianRows } from './synthetic';

const NAMES = ['duration', 'rows', 'cpu', 'memory', 'retries'];

describe('explainIsolation', () => {
  const rows = gaussianRows(500, 5, 31);
  const model = fitIsolationForest(rows, { seed: 12 });

  it('names the one feature that sets an outlier apart, with the side it is on', () => {
    const high = explainIsolation(model, [0.1, -0.2, 7, 0.3, 0], NAMES);
    expect(high.features[0]?.name).toBe('cpu');
    expect(high.features[0]?.direction).toBe('high');
    expect(high.features[0]?.share).toBeGreaterThan(0.5);

    const low = explainIsolation(model, [-8, 0.2, 0, 0.1, 0.3], NAMES);
    expect(low.features[0]?.name).toBe('duration');
    expect(low.features[0]?.direction).toBe('low');
  });

  it('names both features when two are unusual, ahead of the ordinary ones', () => {
    const explanation = explainIsolation(model, [6, 0, 6.5, 0, 0], NAMES);
    expect(explanation.features.slice(0, 2).map((entry) => entry.name).sort()).toEqual(['cpu', 'duration']);
  });

  it('splits the credit into shares that sum to 1, largest first, and carries the score', () => {
    const row = rows[17] as number[];
    const explanation = explainIsolation(model, row);
    const total = explanation.features.reduce((sum, entry) => sum + entry.share, 0);
    expect(total).toBeCloseTo(1, 12);
    for (let i = 1; i < explanation.features.length; i += 1) {
      expect(explanation.features[i - 1]!.share).toBeGreaterThanOrEqual(explanation.features[i]!.share);
    }
    expect(explanation.score).toBe(isolationScore(model, row));
    expect(explanation.features[0]?.name).toMatch(/^f\d$/);
  });
});
