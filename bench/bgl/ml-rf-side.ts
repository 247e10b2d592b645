import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { argmax } from '../../shared/src/core/forest/forest';
import { mulberry32, randomInt } from '../../shared/src/core/forest/seeded-random';
import { sparseMatrixFromRows } from '../../shared/src/core/forest/sparse-matrix';
import { trainForest } from '../../shared/src/core/forest/train-forest';
import type { SparseVector } from '../../shared/src/core/text/sparse-vector';
import { TfidfVectorizer } from '../../shared/src/core/text/tfidf-vectorizer';
import { foldRows } from './folds';
import { NORMAL, type BglMessages } from './load-bgl';
import { macroF1 } from './metrics';
import type { MlRfOutput } from './ml-rf-worker';

export interface MlRfRecord {
  trainRows: number;
  features: number;
  trees: number;
  /** null when the run hit the time cap. */
  mlRf: { fitMs: number; predictMsPerMessage: number; macroF1: number } | null;
  ours: { fitMs: number; predictMsPerMessage: number; macroF1: number };
}

export interface MlRfSettings {
  sizes: number[];
  features: number;
  trees: number;
  capMs: number;
  seed: number;
}

/**
 * ml-random-forest needs dense rows, so it gets a 200-term vocabulary and growing training subsamples
 * of fold 0, each under a time cap; our forest is trained on exactly the same rows and features
 * alongside. Stops at the first size that hits the cap: larger ones would too.
 */
export function runMlRfRecord(data: BglMessages, fold: Int32Array, settings: MlRfSettings, workerPath: string): MlRfRecord[] {
  const classes = [...new Set(data.labels)].sort();
  const classIndex = new Map(classes.map((label, i) => [label, i]));
  const trainPool = foldRows(fold, 0, false);
  const test = foldRows(fold, 0, true);
  const truth = test.map((row) => data.labels[row] as string);
  const records: MlRfRecord[] = [];
  for (const size of settings.sizes) {
    const train = subsample(trainPool, data.labels, size, settings.seed);
    const vectorizer = TfidfVectorizer.fit(train.map((row) => data.contents[row] as string), { maxFeatures: settings.features });
    const trainVectors = train.map((row) => vectorizer.transform(data.contents[row] as string));
    const testVectors = test.map((row) => vectorizer.transform(data.contents[row] as string));
    const y = train.map((row) => classIndex.get(data.labels[row] as string) as number);

    const oursStart = performance.now();
    const forest = trainForest(sparseMatrixFromRows(trainVectors, vectorizer.size), y, { nTrees: settings.trees, nClasses: classes.length }, mulberry32(settings.seed));
    const oursFit = performance.now() - oursStart;
    const predictStart = performance.now();
    const ours = testVectors.map((vector) => classes[argmax(forest.predictProba(vector))] as string);
    const oursPredict = (performance.now() - predictStart) / test.length;

    const output = runWorker(workerPath, { train: trainVectors.map((v) => dense(v, vectorizer.size)), y, test: testVectors.map((v) => dense(v, vectorizer.size)), nEstimators: settings.trees, seed: settings.seed }, settings.capMs);
    records.push({
      trainRows: train.length,
      features: vectorizer.size,
      trees: settings.trees,
      mlRf: output && { fitMs: output.fitMs, predictMsPerMessage: output.predictMsPerMessage, macroF1: macroF1(truth, output.predictions.map((c) => classes[c] as string)) },
      ours: { fitMs: oursFit, predictMsPerMessage: oursPredict, macroF1: macroF1(truth, ours) },
    });
    if (output === null) break;
  }
  return records;
}

/** Every alert row is kept (they are few and are what the task is about); shuffled normal rows fill up to `size`. */
function subsample(rows: number[], labels: readonly string[], size: number, seed: number): number[] {
  const random = mulberry32(seed);
  const alerts = rows.filter((row) => labels[row] !== NORMAL);
  const normals = rows.filter((row) => labels[row] === NORMAL);
  for (let i = normals.length - 1; i > 0; i -= 1) {
    const j = randomInt(random, i + 1);
    [normals[i], normals[j]] = [normals[j] as number, normals[i] as number];
  }
  return [...alerts, ...normals.slice(0, Math.max(0, size - alerts.length))].sort((a, b) => a - b);
}

function dense(vector: SparseVector, width: number): number[] {
  const row = new Array<number>(width).fill(0);
  vector.indices.forEach((index, i) => (row[index] = vector.values[i] as number));
  return row;
}

function runWorker(workerPath: string, input: unknown, capMs: number): MlRfOutput | null {
  const dir = mkdtempSync(join(tmpdir(), 'bgl-mlrf-'));
  try {
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(input));
    const result = spawnSync(process.execPath, [workerPath, file], { encoding: 'utf8', timeout: capMs, maxBuffer: 16 * 1024 * 1024 });
    if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return null;
    if (result.status !== 0) throw new Error(`ml-random-forest worker failed (${result.status ?? result.signal}): ${result.stderr}`);
    return JSON.parse(result.stdout) as MlRfOutput;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
