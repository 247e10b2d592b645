import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { sparseMatrixFromRows } from '../../../shared/src/core/forest/sparse-matrix';
import { trainForest } from '../../../shared/src/core/forest/train-forest';
import { TfidfVectorizer } from '../../../shared/src/core/text/tfidf-vectorizer';
import { andProblem, matrix, sparse } from './toy-data';

const INCIDENTS: [string, number][] = [
  ['Quota exceeded: Your project exceeded quota for concurrent queries', 0],
  ['quota exceeded for bytes scanned per day', 0],
  ['Exceeded rate limits: too many table update operations', 0],
  ['Permission denied on resource project analytics', 1],
  ['Access Denied: user does not have bigquery.tables.get permission', 1],
  ['The caller does not have permission', 1],
  ['Connection reset by peer while reading from worker', 2],
  ['connection timed out after 30s to host', 2],
  ['Socket closed: connection refused by upstream', 2],
];

describe('trainForest', () => {
  const vectorizer = TfidfVectorizer.fit(INCIDENTS.map(([text]) => text));
  const x = sparseMatrixFromRows(INCIDENTS.map(([text]) => vectorizer.transform(text)), vectorizer.size);
  const y = INCIDENTS.map(([, label]) => label);

  it('is deterministic: the same seed gives an identical model, another seed a different one', () => {
    const a = JSON.stringify(trainForest(x, y, { nTrees: 20 }, mulberry32(42)));
    const b = JSON.stringify(trainForest(x, y, { nTrees: 20 }, mulberry32(42)));
    const c = JSON.stringify(trainForest(x, y, { nTrees: 20 }, mulberry32(43)));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('learns a separable text problem and classifies unseen phrasings', () => {
    const forest = trainForest(x, y, { nTrees: 50 }, mulberry32(1));
    const predict = (text: string) => forest.predict(vectorizer.transform(text));
    expect(predict('quota exceeded for project')).toBe(0);
    expect(predict('permission denied for user')).toBe(1);
    expect(predict('connection reset by upstream')).toBe(2);
  });

  it('returns a probability distribution over every class', () => {
    const forest = trainForest(x, y, { nTrees: 10, nClasses: 4 }, mulberry32(1));
    const proba = forest.predictProba(vectorizer.transform('timed out'));
    expect(proba).toHaveLength(4);
    expect(proba.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(proba[3]).toBe(0);
  });

  it('lets balanced class weights recover a rare class that plain weights outvote', () => {
    // 40 majority rows and 2 minority rows share one feature vector, 100 more majority rows differ:
    // the shared leaf holds 40:2, so unweighted the minority loses; balanced weights (50× per row) make it win.
    const rows = [...Array.from({ length: 100 }, () => [1, 0]), ...Array.from({ length: 40 }, () => [0, 1]), [0, 1], [0, 1]];
    const labels = [...new Array<number>(140).fill(0), 1, 1];
    const toy = matrix(rows);
    const options = { nTrees: 5, bootstrap: false, maxFeatures: 'all' as const };
    const plain = trainForest(toy, labels, { ...options, classWeight: 'none' }, mulberry32(3));
    const balanced = trainForest(toy, labels, { ...options, classWeight: 'balanced' }, mulberry32(3));
    const query = sparse([0, 1]);
    expect(plain.predictProba(query)[1]).toBeCloseTo(2 / 42, 12);
    expect(balanced.predictProba(query)[1]).toBeGreaterThan(0.5);
    expect(plain.predict(query)).toBe(0);
    expect(balanced.predict(query)).toBe(1);
  });

  it('draws features per split, not per tree: one feature per draw still builds trees that use several', () => {
    const { rows, y: labels } = andProblem(300, 4, 5);
    const toy = matrix(rows);
    const forest = trainForest(toy, labels, { nTrees: 40, maxFeatures: 1 }, mulberry32(9));
    const featuresPerTree = forest.toJSON().trees.map((tree) => new Set(tree.feature.filter((f) => f >= 0)).size);
    // A per-tree draw of one feature would give exactly one feature per tree and could not learn AND.
    expect(featuresPerTree.filter((count) => count >= 2).length).toBe(forest.trees.length);
    const rootFeatures = new Set(forest.toJSON().trees.map((tree) => tree.feature[0]));
    expect(rootFeatures.size).toBeGreaterThan(2);
    const correct = rows.filter((row, i) => forest.predict(sparse(row)) === labels[i]).length;
    expect(correct / rows.length).toBeGreaterThan(0.97);
  });

  it('stops at max depth and keeps leaves at least min samples leaf rows big', () => {
    const { rows, y: labels } = andProblem(200, 3, 6);
    const toy = matrix(rows);
    const shallow = trainForest(toy, labels, { nTrees: 5, maxDepth: 1 }, mulberry32(2));
    for (const tree of shallow.toJSON().trees) expect(tree.feature.length).toBeLessThanOrEqual(3);
    const bushy = trainForest(toy, labels, { nTrees: 5, minSamplesLeaf: 30, bootstrap: false }, mulberry32(2));
    for (const tree of bushy.trees) {
      for (let node = 0; node < tree.size; node += 1) if ((tree.feature[node] as number) < 0) expect(tree.weight[node]).toBeGreaterThanOrEqual(30);
    }
  });

  it('rejects labels and options that make no sense', () => {
    expect(() => trainForest(x, y.slice(1), {}, mulberry32(1))).toThrow(/labels/);
    expect(() => trainForest(x, y.map(() => -1), {}, mulberry32(1))).toThrow(/class index/);
    expect(() => trainForest(x, y, { nTrees: 0 }, mulberry32(1))).toThrow(/nTrees/);
    expect(() => trainForest(x, y, { maxFeatures: 1.5 }, mulberry32(1))).toThrow(/maxFeatures/);
    expect(() => trainForest(x, y, { classWeight: [1, 1] }, mulberry32(1))).toThrow(/classWeight/);
  });
});
