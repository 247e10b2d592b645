import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { DEFAULT_GBDT_OPTIONS, trainGbdt, type TrainingSet } from '../../../shared/src/core/risk/gbdt/train-gbdt';
import { GbdtModel } from '../../../shared/src/core/risk/gbdt/gbdt-model';
import { rocAuc } from '../../../shared/src/core/risk/metrics';

/** y = 1 when exactly one of x0 > 0.5 and x1 > 0.5 (an interaction no single split captures); x2 is noise, x3 often missing. */
function xorSet(rows: number, seed: number): TrainingSet {
  const random = mulberry32(seed);
  const cols = 4;
  const x = new Float32Array(rows * cols);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const a = random();
    const b = random();
    x[r * cols] = a;
    x[r * cols + 1] = b;
    x[r * cols + 2] = random();
    x[r * cols + 3] = random() < 0.5 ? Number.NaN : random();
    y[r] = (a > 0.5) !== (b > 0.5) ? 1 : 0;
  }
  return { x, rows, cols, y, weight: new Float32Array(rows).fill(1) };
}

describe('gradient-boosted trees (logistic loss, histogram splits)', () => {
  it('learns an interaction of two features and ranks held-out rows almost perfectly', () => {
    const model = trainGbdt(xorSet(4000, 1), DEFAULT_GBDT_OPTIONS, mulberry32(7));
    const test = xorSet(2000, 2);
    const scores = Array.from({ length: test.rows }, (_, r) => model.margin(test.x.subarray(r * 4, r * 4 + 4)));
    expect(rocAuc(scores, test.y)).toBeGreaterThan(0.98);
  });

  it('is deterministic for a seed: the same data and seed give the same trees', () => {
    const data = xorSet(1500, 3);
    const first = JSON.stringify(trainGbdt(data, DEFAULT_GBDT_OPTIONS, mulberry32(11)).toJSON());
    const second = JSON.stringify(trainGbdt(data, DEFAULT_GBDT_OPTIONS, mulberry32(11)).toJSON());
    expect(second).toBe(first);
  });

  it('explains each prediction: bias plus per-feature contributions equal the margin, and the noise feature gets little', () => {
    const model = trainGbdt(xorSet(3000, 4), DEFAULT_GBDT_OPTIONS, mulberry32(5));
    const test = xorSet(200, 5);
    let noise = 0;
    let signal = 0;
    for (let r = 0; r < test.rows; r += 1) {
      const row = test.x.subarray(r * 4, r * 4 + 4);
      const out = new Float64Array(4);
      const bias = model.contributions(row, out);
      expect(bias + out.reduce((a, b) => a + b, 0)).toBeCloseTo(model.margin(row), 9);
      noise += Math.abs(out[2] as number);
      signal += Math.abs(out[0] as number) + Math.abs(out[1] as number);
    }
    expect(noise).toBeLessThan(signal * 0.1);
  });

  it('survives a JSON round trip (missing-only splits included) with identical margins', () => {
    const data = xorSet(1000, 6);
    const model = trainGbdt(data, DEFAULT_GBDT_OPTIONS, mulberry32(1));
    const copy = new GbdtModel(JSON.parse(JSON.stringify(model.toJSON())));
    for (let r = 0; r < 50; r += 1) {
      const row = data.x.subarray(r * 4, r * 4 + 4);
      expect(copy.margin(row)).toBe(model.margin(row));
    }
  });
});
