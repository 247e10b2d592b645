import {
  fitIsolationForest,
  IsolationForestModel,
  IsolationForestModelError,
  isolationScores,
} from '../../../../shared/src/core/anomaly/isolation-forest';
import { gaussianRows } from './synthetic';

describe('IsolationForestModel JSON', () => {
  const rows = gaussianRows(300, 3, 21);
  rows[7] = [Number.NaN, 0.5, Number.NaN];
  const model = fitIsolationForest(rows, { seed: 8 });
  const stored = JSON.parse(JSON.stringify(model)) as unknown;

  it('round-trips through JSON text and scores every row identically', () => {
    const restored = IsolationForestModel.fromJSON(stored);
    const probes = [...rows, [4, -4, 4], [Number.NaN, Number.NaN, 9]];
    expect(Array.from(isolationScores(restored, probes))).toEqual(Array.from(isolationScores(model, probes)));
    expect(restored.toJSON()).toEqual(model.toJSON());
  });

  it('is plain JSON: numbers and arrays only', () => {
    const json = model.toJSON();
    expect(json.kind).toBe('isolation-forest');
    expect(json.version).toBe(1);
    expect(Array.isArray(json.threshold)).toBe(true);
    expect(json.medians).toHaveLength(3);
  });

  it('refuses a stored model of another kind or version, or with broken arrays', () => {
    const json = model.toJSON();
    expect(() => IsolationForestModel.fromJSON(null)).toThrow(IsolationForestModelError);
    expect(() => IsolationForestModel.fromJSON({ ...json, kind: 'random-forest' })).toThrow(/kind "random-forest"/);
    expect(() => IsolationForestModel.fromJSON({ ...json, version: 2 })).toThrow(/version 2 is not supported/);
    expect(() => IsolationForestModel.fromJSON({ ...json, medians: [0] })).toThrow(/medians has 1 entries for 3 features/);
    expect(() => IsolationForestModel.fromJSON({ ...json, size: json.size.slice(1) })).toThrow(/one entry per node/);
    const firstSplit = json.feature.findIndex((feature) => feature >= 0);
    const outOfRange = [...json.right];
    outOfRange[firstSplit] = json.feature.length + 5;
    expect(() => IsolationForestModel.fromJSON({ ...json, right: outOfRange })).toThrow(/out of range/);
    const badFeature = [...json.feature];
    badFeature[firstSplit] = 3;
    expect(() => IsolationForestModel.fromJSON({ ...json, feature: badFeature })).toThrow(/splits on feature 3 of 3/);
  });
});
