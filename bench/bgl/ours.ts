import { performance } from 'node:perf_hooks';
import { explainPrediction, topContributingTerms } from '../../shared/src/core/forest/explain';
import { argmax } from '../../shared/src/core/forest/forest';
import { mulberry32 } from '../../shared/src/core/forest/seeded-random';
import { sparseMatrixFromRows } from '../../shared/src/core/forest/sparse-matrix';
import { trainForest, type ForestOptions } from '../../shared/src/core/forest/train-forest';
import { FeatureSpace, oneHot } from '../../shared/src/core/text/feature-space';
import { TfidfVectorizer, type TfidfOptions } from '../../shared/src/core/text/tfidf-vectorizer';
import { foldRows } from './folds';
import { NORMAL, type BglMessages } from './load-bgl';

export interface OursConfig {
  name: string;
  tfidf: Partial<TfidfOptions>;
  forest: Partial<ForestOptions>;
  /** Append Level and Component one-hots to the text features. */
  structured: boolean;
  seed: number;
}

export interface CrossValidationRun {
  predictions: string[];
  fitMs: number[];
  batchMsPerMessage: number;
  singleMs: number[];
  vocabulary: number;
  nodesPerTree: number;
  /** Vectorizer + forest JSON of the last fold, in bytes. */
  artifactBytes: number;
  /** For the first test message of each alert class in fold 0: its top contributing terms. */
  examples: { label: string; predicted: string; terms: string[] }[];
}

/** How many test messages per fold are timed one call at a time. */
export const SINGLE_CALLS_PER_FOLD = 200;

export function runOurs(data: BglMessages, fold: Int32Array, folds: number, config: OursConfig): CrossValidationRun {
  const classes = [...new Set(data.labels)].sort();
  const classIndex = new Map(classes.map((label, i) => [label, i]));
  const levels = oneHot('level', [...new Set(data.levels)].sort());
  const components = oneHot('component', [...new Set(data.components)].sort());
  const dense = (row: number): Float64Array | undefined => (config.structured ? Float64Array.from([...levels.encode(data.levels[row]), ...components.encode(data.components[row])]) : undefined);

  const predictions = new Array<string>(data.labels.length).fill('');
  const fitMs: number[] = [];
  const singleMs: number[] = [];
  let batchMs = 0;
  let nodes = 0;
  let trees = 0;
  let vocabulary = 0;
  let artifactBytes = 0;
  const examples: CrossValidationRun['examples'] = [];
  for (let f = 0; f < folds; f += 1) {
    const train = foldRows(fold, f, false);
    const test = foldRows(fold, f, true);
    const y = train.map((row) => classIndex.get(data.labels[row] as string) as number);

    const fitStart = performance.now();
    const vectorizer = TfidfVectorizer.fit(train.map((row) => data.contents[row] as string), config.tfidf);
    const space = new FeatureSpace(vectorizer, config.structured ? [...levels.names, ...components.names] : []);
    const x = sparseMatrixFromRows(train.map((row) => space.vectorize(data.contents[row] as string, dense(row))), space.size);
    const forest = trainForest(x, y, { ...config.forest, nClasses: classes.length }, mulberry32(config.seed + f));
    fitMs.push(performance.now() - fitStart);
    vocabulary += vectorizer.size / folds;
    for (const tree of forest.trees) nodes += tree.size;
    trees += forest.trees.length;

    const batchStart = performance.now();
    const proba = new Float64Array(classes.length);
    for (const row of test) {
      forest.predictProbaInto(space.vectorize(data.contents[row] as string, dense(row)), proba);
      predictions[row] = classes[argmax(proba)] as string;
    }
    batchMs += performance.now() - batchStart;

    artifactBytes = JSON.stringify({ space: space.toJSON(), forest: forest.toJSON() }).length;
    if (f === 0) {
      const seen = new Set<string>([NORMAL]);
      for (const row of test) {
        const label = data.labels[row] as string;
        if (seen.has(label)) continue;
        seen.add(label);
        const x = space.vectorize(data.contents[row] as string, dense(row));
        const explanation = explainPrediction(forest, x);
        const terms = topContributingTerms(explanation, x, (feature) => space.featureName(feature), 3);
        examples.push({ label, predicted: classes[explanation.classIndex] as string, terms: terms.map((t) => `${t.term} (+${t.weight.toFixed(2)})`) });
      }
    }

    for (const row of test.slice(0, SINGLE_CALLS_PER_FOLD)) {
      const start = performance.now();
      forest.predictProba(space.vectorize(data.contents[row] as string, dense(row)));
      singleMs.push(performance.now() - start);
    }
  }
  return { predictions, fitMs, batchMsPerMessage: batchMs / data.labels.length, singleMs, vocabulary: Math.round(vocabulary), nodesPerTree: nodes / trees, artifactBytes, examples };
}
