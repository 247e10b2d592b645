import { explainPrediction } from '../../../shared/src/core/forest/explain';
import { Forest, type ForestJson } from '../../../shared/src/core/forest/forest';
import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { rowOf } from '../../../shared/src/core/forest/sparse-matrix';
import { trainForest } from '../../../shared/src/core/forest/train-forest';
import { andProblem, matrix, sparse } from './toy-data';

describe('Forest JSON', () => {
  const { rows, y } = andProblem(200, 6, 12);
  const x = matrix(rows);
  const forest = trainForest(x, y, { nTrees: 25, classWeight: 'balanced' }, mulberry32(4));
  const json = JSON.parse(JSON.stringify(forest)) as ForestJson;

  it('round-trips through JSON text and predicts identically, bit for bit', () => {
    const restored = Forest.fromJSON(json);
    const queries = [...Array.from({ length: x.rows }, (_, r) => rowOf(x, r)), ...andProblem(50, 6, 99).rows.map(sparse)];
    for (const query of queries) expect(Array.from(restored.predictProba(query))).toEqual(Array.from(forest.predictProba(query)));
    expect(JSON.stringify(restored)).toBe(JSON.stringify(forest));
  });

  it('keeps explanations identical after the round trip', () => {
    const restored = Forest.fromJSON(json);
    const query = sparse([1, 1, 0.2, 0, 0, 0, 0, 0]);
    expect(explainPrediction(restored, query)).toEqual(explainPrediction(forest, query));
  });

  it('stores each tree as flat arrays of one entry per node plus one distribution per leaf', () => {
    for (const tree of json.trees) {
      const leaves = tree.feature.filter((f) => f === -1).length;
      expect(tree.threshold).toHaveLength(tree.feature.length);
      expect(tree.right).toHaveLength(tree.feature.length);
      expect(tree.weight).toHaveLength(tree.feature.length);
      expect(tree.leafValues).toHaveLength(leaves * json.nClasses);
    }
  });

  it('rejects another format, an out-of-range feature and a right child inside the left subtree', () => {
    expect(() => Forest.fromJSON({ ...json, format: 'ml-random-forest' as never })).toThrow(/format/);
    const tree = json.trees[0]!;
    const split = tree.feature.findIndex((f) => f >= 0);
    const badFeature = { ...tree, feature: tree.feature.map((f, i) => (i === split ? json.nFeatures : f)) };
    expect(() => Forest.fromJSON({ ...json, trees: [badFeature] })).toThrow(/tree 0: .*outside/);
    const badRight = { ...tree, right: tree.right.map((r, i) => (i === split ? split + 1 : r)) };
    expect(() => Forest.fromJSON({ ...json, trees: [badRight] })).toThrow(/right child/);
    expect(() => Forest.fromJSON({ ...json, trees: [{ ...tree, leafValues: tree.leafValues.slice(1) }] })).toThrow(/leaf/);
  });
});
