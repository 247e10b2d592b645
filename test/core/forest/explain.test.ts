import { explainPrediction, topContributingTerms } from '../../../shared/src/core/forest/explain';
import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { sparseMatrixFromRows } from '../../../shared/src/core/forest/sparse-matrix';
import { trainForest } from '../../../shared/src/core/forest/train-forest';
import { TfidfVectorizer } from '../../../shared/src/core/text/tfidf-vectorizer';

const TEXTS: [string, number][] = [
  ['job failed: quota exceeded for project', 1],
  ['query failed: quota exceeded on slots', 1],
  ['load failed: quota exceeded in region', 1],
  ['job failed: permission denied', 0],
  ['query failed: table not found', 0],
  ['load failed: schema mismatch on column', 0],
  ['job failed: invalid argument', 0],
];

describe('explainPrediction', () => {
  const vectorizer = TfidfVectorizer.fit(TEXTS.map(([text]) => text), { wordNgrams: [1, 1] });
  const x = sparseMatrixFromRows(TEXTS.map(([text]) => vectorizer.transform(text)), vectorizer.size);
  const forest = trainForest(x, TEXTS.map(([, label]) => label), { nTrees: 30 }, mulberry32(5));
  const query = vectorizer.transform('export failed: quota exceeded');

  it('adds up exactly: bias plus contributions equals the predicted probability', () => {
    const explanation = explainPrediction(forest, query);
    const proba = forest.predictProba(query);
    expect(explanation.classIndex).toBe(1);
    expect(explanation.probability).toBeCloseTo(proba[1] as number, 12);
    expect(explanation.bias + explanation.contributions.reduce((sum, c) => sum + c.contribution, 0)).toBeCloseTo(proba[1] as number, 12);
  });

  it('names the discriminative terms present in the message as the top contributors', () => {
    const top = topContributingTerms(explainPrediction(forest, query), query, (feature) => vectorizer.termAt(feature) as string, 2);
    expect(top.length).toBeGreaterThan(0);
    for (const { term, weight } of top) {
      expect(['quota', 'exceeded']).toContain(term);
      expect(weight).toBeGreaterThan(0);
    }
    expect(top.map((t) => t.term)).not.toContain('failed');
  });

  it('explains any requested class, and a contribution toward one class is against the other', () => {
    const toward = explainPrediction(forest, query, 1);
    const against = explainPrediction(forest, query, 0);
    const byFeature = new Map(against.contributions.map((c) => [c.feature, c.contribution]));
    for (const { feature, contribution } of toward.contributions) expect(byFeature.get(feature)).toBeCloseTo(-contribution, 12);
    expect(() => explainPrediction(forest, query, 2)).toThrow(RangeError);
  });
});
