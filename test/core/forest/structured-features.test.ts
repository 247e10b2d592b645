import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { sparseMatrixFromRows } from '../../../shared/src/core/forest/sparse-matrix';
import { trainForest } from '../../../shared/src/core/forest/train-forest';
import { FeatureSpace, oneHot } from '../../../shared/src/core/text/feature-space';
import { TfidfVectorizer } from '../../../shared/src/core/text/tfidf-vectorizer';
import { andProblem, matrix } from './toy-data';

describe('forest over text plus structured features', () => {
  it('splits on an appended source one-hot when the text alone cannot tell the classes apart', () => {
    const messages = ['job failed with internal error', 'job failed with internal error', 'job failed', 'internal error'];
    const vectorizer = TfidfVectorizer.fit(messages);
    const source = oneHot('source', ['bigquery', 'dataflow']);
    const space = new FeatureSpace(vectorizer, source.names);
    const rows: [string, string, number][] = [];
    for (const message of messages) {
      rows.push([message, 'bigquery', 0]);
      rows.push([message, 'dataflow', 1]);
    }
    const x = sparseMatrixFromRows(rows.map(([text, from]) => space.vectorize(text, source.encode(from))), space.size);
    const forest = trainForest(x, rows.map(([, , label]) => label), { nTrees: 20 }, mulberry32(3));
    expect(forest.predict(space.vectorize('internal error', source.encode('dataflow')))).toBe(1);
    expect(forest.predict(space.vectorize('internal error', source.encode('bigquery')))).toBe(0);
    const importance = forest.featureImportances();
    // Bootstrap samples give text splits some chance gain; the source must still carry most of it.
    expect(importance[space.size - 1]! + importance[space.size - 2]!).toBeGreaterThan(0.5);
  });

  it('ranks informative features first in the impurity importances, which sum to 1', () => {
    const { rows, y } = andProblem(300, 4, 21);
    const importance = Array.from(trainForest(matrix(rows), y, { nTrees: 30 }, mulberry32(2)).featureImportances());
    expect(importance.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ranked = importance.map((value, feature) => ({ value, feature })).sort((a, b) => b.value - a.value);
    expect(ranked.slice(0, 2).map((r) => r.feature).sort()).toEqual([0, 1]);
  });
});
