import { FeatureSpace, oneHot } from '../../../shared/src/core/text/feature-space';
import { appendDense } from '../../../shared/src/core/text/sparse-vector';
import { TfidfVectorizer } from '../../../shared/src/core/text/tfidf-vectorizer';

describe('FeatureSpace', () => {
  const vectorizer = TfidfVectorizer.fit(['quota exceeded', 'permission denied']);
  const source = oneHot('source', ['bigquery', 'dataflow']);
  const space = new FeatureSpace(vectorizer, [...source.names, 'exit_code']);

  it('appends structured features after the vocabulary, leaving out zeros', () => {
    const vector = space.vectorize('quota exceeded', Float64Array.from([...source.encode('dataflow'), 0]));
    const last = vector.indices.length - 1;
    expect(vector.indices[last]).toBe(vectorizer.size + 1);
    expect(vector.values[last]).toBe(1);
    expect(Array.from(vector.indices).filter((i) => i >= vectorizer.size)).toEqual([vectorizer.size + 1]);
  });

  it('names every feature: vocabulary terms, then structured names', () => {
    expect(space.size).toBe(vectorizer.size + 3);
    expect(space.featureName(vectorizer.indexOf('quota') as number)).toBe('quota');
    expect(space.featureName(vectorizer.size)).toBe('source=bigquery');
    expect(space.featureName(vectorizer.size + 2)).toBe('exit_code');
    expect(() => space.featureName(space.size)).toThrow(RangeError);
  });

  it('rejects a structured block of the wrong width', () => {
    expect(() => space.vectorize('quota', [1, 0])).toThrow(/3 structured features/);
  });

  it('round-trips through JSON', () => {
    const restored = FeatureSpace.fromJSON(JSON.parse(JSON.stringify(space.toJSON())));
    expect(restored.vectorize('permission denied', [1, 0, 2])).toEqual(space.vectorize('permission denied', [1, 0, 2]));
  });

  it('encodes an unknown category as all zeros', () => {
    expect(Array.from(source.encode('workflows'))).toEqual([0, 0]);
  });

  it('refuses to append a dense block that overlaps the sparse indices', () => {
    expect(() => appendDense({ indices: Int32Array.from([5]), values: Float64Array.from([1]) }, [1], 5)).toThrow(/overlaps/);
  });
});
