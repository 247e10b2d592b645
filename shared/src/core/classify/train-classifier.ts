import { applyTemperature, expectedCalibrationError } from '../calibration/calibration';
import { classifyByRules } from './rules';
import { CATEGORIES, type Category } from '../domain/category';
import type { Source } from '../domain/pipeline-event';
import { classificationReport, stratifiedFolds } from '../evaluation/metrics';
import { mulberry32 } from '../forest/seeded-random';
import { sparseMatrixFromRows } from '../forest/sparse-matrix';
import { trainForest, type ForestOptions } from '../forest/train-forest';
import type { Forest } from '../forest/forest';
import type { KnowledgeEntry } from '../knowledge/knowledge-entry';
import type { IndexedEntry } from '../retrieval/evidence';
import { InvertedIndex } from '../retrieval/inverted-index';
import { TfidfVectorizer, type TfidfOptions } from '../text/tfidf-vectorizer';
import { ARTIFACT_NAME, ARTIFACT_SCHEMA_VERSION, sealArtifact, type ClassifierArtifact } from './artifact';
import { MinerSignatures } from './miner-signatures';
import { ForestModel } from './forest-model';
import { type FusionParameters, fuseComponents, ModelClassifier, type ScoreComponents } from './model-classifier';
import { STRUCTURED_FEATURE_COUNT, withStructuredFeatures } from './structured-features';

export interface TrainingExample {
  text: string;
  category: Category;
  source?: Source;
  /** Set when the example comes from a knowledge entry, which then also serves retrieval. */
  entry?: KnowledgeEntry;
}

export interface TrainOptions {
  seed: number;
  folds: number;
  forest: Partial<ForestOptions>;
  tfidf: Partial<TfidfOptions>;
  neighbors: number;
  minSimilarity: number;
  retrievalWeights: readonly number[];
  abstainThresholds: readonly number[];
  /** Candidate temperatures; chosen with the fusion weight and threshold on out-of-fold predictions. */
  temperatures: readonly number[];
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 20261122,
  // Ten folds: each fold model sees 90% of the data, so out-of-fold confidence is less pessimistic than the final model's.
  folds: 10,
  forest: { nTrees: 100, classWeight: 'balanced', maxFeatures: 'sqrt', minSamplesLeaf: 1 },
  tfidf: { wordNgrams: [1, 2], sublinearTf: true, minDf: 1, maxFeatures: 20000 },
  neighbors: 5,
  minSimilarity: 0.15,
  retrievalWeights: [0, 0.2, 0.4, 0.6, 0.8],
  abstainThresholds: [0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5],
  temperatures: Array.from({ length: 41 }, (_unused, i) => Math.round(Math.exp(Math.log(0.2) + (i / 40) * Math.log(25)) * 1e4) / 1e4),
};

export interface TrainInput {
  examples: readonly TrainingExample[];
  createdAt: string;
  trainingWindow: { from: string | null; to: string | null };
}

/** A knowledge entry as a training example: the real error text where there is one, else its title. */
export function exampleFromEntry(entry: KnowledgeEntry): TrainingExample {
  const example: TrainingExample = { text: entry.errorPattern.trim() || entry.title, category: entry.category, entry };
  if (entry.sourceSystem !== 'any') example.source = entry.sourceSystem;
  return example;
}

function indexedEntry(entry: KnowledgeEntry): IndexedEntry {
  return {
    id: entry.id,
    category: entry.category,
    title: entry.title,
    resolution: entry.resolution,
    strategy: entry.recommendedStrategy,
    successCount: entry.successCount,
    failureCount: entry.failureCount,
    confidence: entry.confidence,
  };
}

interface Fitted {
  classifier: ModelClassifier;
  vectorizer: TfidfVectorizer;
  forest: Forest;
  index: InvertedIndex;
  entries: IndexedEntry[];
}

function fit(examples: readonly TrainingExample[], options: TrainOptions, fusion: FusionParameters, seed: number): Fitted {
  const signatures = new MinerSignatures();
  const masked = examples.map((example) => signatures.mask(example.text));
  const vectorizer = TfidfVectorizer.fit(masked, options.tfidf);
  const classes = CATEGORIES as Category[];
  const rows = examples.map((example, i) => withStructuredFeatures(vectorizer.transform(masked[i] as string), vectorizer.size, example.source));
  const x = sparseMatrixFromRows(rows, vectorizer.size + STRUCTURED_FEATURE_COUNT);
  const y = examples.map((example) => classes.indexOf(example.category));
  const forest = trainForest(x, y, { ...options.forest, nClasses: classes.length }, mulberry32(seed));
  const retrievable = examples.map((example, i) => ({ example, i })).filter(({ example }) => example.entry !== undefined);
  const entries = retrievable.map(({ example }) => indexedEntry(example.entry as KnowledgeEntry));
  const index = InvertedIndex.build(retrievable.map(({ i }) => vectorizer.transform(masked[i] as string)));
  const classifier = new ModelClassifier({ classes, signatures, vectorizer, model: new ForestModel(forest), index, entries, fusion });
  return { classifier, vectorizer, forest, index, entries };
}

function argmaxCategory(probabilities: Float64Array): number {
  let best = 0;
  for (let i = 1; i < probabilities.length; i += 1) if ((probabilities[i] as number) > (probabilities[best] as number)) best = i;
  return best;
}

/** Decision with abstention, exactly as ModelClassifier.classify makes it. */
function decide(probabilities: Float64Array, abstainBelow: number): { category: Category; confidence: number } {
  const top = argmaxCategory(probabilities);
  const category = CATEGORIES[top] as Category;
  const confidence = probabilities[top] as number;
  if (category !== 'unknown' && confidence < abstainBelow) return { category: 'unknown', confidence: 1 - confidence };
  return { category, confidence };
}

/**
 * Trains vectorizer + forest + retrieval index, and chooses the fusion weight, temperature and
 * abstention threshold on out-of-fold predictions, so the reported confidence was never seen in training.
 */
export function trainClassifier(input: TrainInput, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): ClassifierArtifact {
  const { examples } = input;
  if (examples.length < options.folds * 2) throw new RangeError(`need at least ${options.folds * 2} examples, got ${examples.length}`);
  const baseFusion: FusionParameters = { retrievalWeight: 0, temperature: 1, abstainBelow: 0, neighbors: options.neighbors, minSimilarity: options.minSimilarity, ruleConfidence: {} };
  const folds = stratifiedFolds(examples.map((example) => example.category), options.folds, mulberry32(options.seed));
  const outOfFold: Array<Pick<ScoreComponents, 'forest' | 'retrieved' | 'evidence'>> = new Array(examples.length);
  for (let fold = 0; fold < options.folds; fold += 1) {
    const training = examples.filter((_example, i) => folds[i] !== fold);
    const { classifier } = fit(training, options, baseFusion, options.seed + fold + 1);
    examples.forEach((example, i) => {
      if (folds[i] === fold) outOfFold[i] = classifier.components(example.text, example.source);
    });
  }
  const truth = examples.map((example) => example.category);
  // The rules stage answers first in production, so the model is tuned on what the rules leave to it.
  const ruled = examples.map((example) => classifyByRules({ message: example.text, ...(example.source ? { source: example.source } : {}) }));

  // Tuned on what production classifies: real error strings and real non-error lines, not runbook titles.
  const realMessage = examples.map((example) => example.entry === undefined || example.entry.errorPattern.trim() !== '');
  const ruleConfidence = observedRulePrecision(ruled, truth);
  let best: { fusion: FusionParameters; macroF1: number; accuracy: number; ece: number; objective: number } | undefined;
  for (const retrievalWeight of options.retrievalWeights) {
    const raw = outOfFold.map((components) => fuseComponents(components, { retrievalWeight, temperature: 1 }));
    for (const temperature of options.temperatures) {
      const calibrated = raw.map((probabilities) => applyTemperature(probabilities, temperature));
      for (const abstainBelow of options.abstainThresholds) {
        const decisions = calibrated.map((probabilities, i) => {
          const rule = ruled[i];
          return rule ? { category: rule.category, confidence: ruleConfidence[String(rule.confidence)] ?? rule.confidence } : decide(probabilities, abstainBelow);
        });
        const judged = decisions.filter((_d, i) => realMessage[i]);
        const judgedTruth = truth.filter((_t, i) => realMessage[i]);
        const report = classificationReport(judgedTruth, judged.map((d) => d.category), CATEGORIES);
        const ece = expectedCalibrationError(judged.map((d) => d.confidence), judged.map((d, i) => d.category === judgedTruth[i]));
        // Accuracy per class first, honesty of the confidence a close second: both are promised to users.
        const objective = report.macroF1 - ece;
        if (!best || objective > best.objective + 1e-12) {
          best = { fusion: { ...baseFusion, retrievalWeight, temperature, abstainBelow, ruleConfidence }, macroF1: report.macroF1, accuracy: report.accuracy, ece, objective };
        }
      }
    }
  }
  const chosen = best as NonNullable<typeof best>;
  const final = fit(examples, options, chosen.fusion, options.seed);
  const examplesPerCategory: Record<string, number> = {};
  for (const category of truth) examplesPerCategory[category] = (examplesPerCategory[category] ?? 0) + 1;
  return sealArtifact({
    name: ARTIFACT_NAME,
    schemaVersion: ARTIFACT_SCHEMA_VERSION,
    createdAt: input.createdAt,
    trainingWindow: input.trainingWindow,
    trainingExamples: examples.length,
    knowledgeEntries: final.entries.length,
    seed: options.seed,
    classes: [...CATEGORIES],
    metrics: {
      crossValidation: { folds: options.folds, macroF1: round(chosen.macroF1), accuracy: round(chosen.accuracy), ece: round(chosen.ece) },
      examplesPerCategory,
    },
    fusion: chosen.fusion,
    vectorizer: final.vectorizer.toJSON(),
    forest: final.forest.toJSON(),
    index: final.index.toJSON(),
    entries: final.entries,
  });
}

/** Beta(1, 1)-smoothed precision per rule confidence level: small levels stay near their prior. */
function observedRulePrecision(ruled: ReadonlyArray<{ category: Category; confidence: number } | null>, truth: readonly Category[]): Record<string, number> {
  const tally = new Map<string, { right: number; total: number }>();
  ruled.forEach((rule, i) => {
    if (!rule) return;
    const key = String(rule.confidence);
    const counts = tally.get(key) ?? { right: 0, total: 0 };
    counts.total += 1;
    if (rule.category === truth[i]) counts.right += 1;
    tally.set(key, counts);
  });
  const precision: Record<string, number> = {};
  for (const [key, { right, total }] of tally) precision[key] = round((right + 1) / (total + 2));
  return precision;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
