import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { DEFAULT_GBDT_OPTIONS } from '../../../shared/src/core/risk/gbdt/train-gbdt';
import { brierScore } from '../../../shared/src/core/risk/metrics';
import { applyPlatt, fitPlatt } from '../../../shared/src/core/risk/model/platt';
import { trainRiskModel, type RiskExamples } from '../../../shared/src/core/risk/model/train-risk-model';

describe('calibration', () => {
  it('Platt scaling recovers the slope and intercept that generated the labels', () => {
    const random = mulberry32(9);
    const margins: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const m = random() * 8 - 4;
      margins.push(m);
      labels.push(random() < 1 / (1 + Math.exp(-(0.5 * m - 1))) ? 1 : 0);
    }
    const fitted = fitPlatt(margins, labels);
    expect(fitted.slope).toBeCloseTo(0.5, 1);
    expect(fitted.intercept).toBeCloseTo(-1, 1);
  });

  it('is fitted on the held-out later tail: probabilities match the tail, not the earlier rate', () => {
    // One feature that ranks perfectly; the failure rate at the top doubles in the later fifth.
    const random = mulberry32(4);
    const count = 10_000;
    const examples: RiskExamples = { vectors: [], labels: new Uint8Array(count), weights: new Float32Array(count).fill(1), startedAt: new Float64Array(count), count };
    for (let i = 0; i < count; i += 1) {
      const x = random();
      const late = i >= count * 0.8;
      const rate = x > 0.5 ? (late ? 0.6 : 0.3) : 0.02;
      examples.vectors.push(Float32Array.of(x));
      examples.labels[i] = random() < rate ? 1 : 0;
      examples.startedAt[i] = i;
    }
    const trained = trainRiskModel(examples, ['x'], { gbdt: { ...DEFAULT_GBDT_OPTIONS, trees: 10 }, calibrationTail: 0.2 }, mulberry32(1), 'test');
    const high = trained.model.probability(Float32Array.of(0.9));
    expect(high).toBeGreaterThan(0.5);
    expect(high).toBeLessThan(0.7);
    expect(trained.trainingExamples).toBe(8000);
    expect(trained.heldOutTail.examples).toBe(2000);
    expect(trained.heldOutTail.brier).toBeLessThan(trained.heldOutTail.baseRateBrier);
  });

  it('improves the Brier score of a miscalibrated margin', () => {
    const random = mulberry32(5);
    const margins: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 5000; i += 1) {
      const m = random() * 10 - 5;
      margins.push(m);
      labels.push(random() < 1 / (1 + Math.exp(-(0.3 * m - 2))) ? 1 : 0);
    }
    const raw = margins.map((m) => 1 / (1 + Math.exp(-m)));
    const scaling = fitPlatt(margins, labels);
    const calibrated = margins.map((m) => applyPlatt(scaling, m));
    expect(brierScore(calibrated, labels)).toBeLessThan(brierScore(raw, labels) * 0.8);
  });
});
