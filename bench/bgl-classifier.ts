// BGL alert classification, side by side: our TF-IDF + sparse random forest against scikit-learn's
// TfidfVectorizer + RandomForestClassifier(n_estimators=100) on identical stratified folds, plus a
// capped run of ml-random-forest for the record. Build with `npx tsc -p tsconfig.build.json`, run
// `node dist/bench/bgl-classifier.js [--variants] [--skip-ml-rf]` from the project root.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../shared/src/core/forest/seeded-random';
import { stratifiedFolds } from './bgl/folds';
import { loadBgl, NORMAL } from './bgl/load-bgl';
import { binaryLabels, macroF1, median, percentile } from './bgl/metrics';
import { runMlRfRecord } from './bgl/ml-rf-side';
import { runOurs, SINGLE_CALLS_PER_FOLD, type CrossValidationRun, type OursConfig } from './bgl/ours';
import { findSklearnPython, runSklearn } from './bgl/sklearn-side';

const FOLDS = 5;
const SEED = 7;
const DATA = resolve('../shared/bench-data/loghub-2k/BGL/BGL_2k.log_structured.csv');
/** scikit-learn 1.2.1 on this kind of machine, from ../shared/bench-data/README.md, for when python3 + sklearn is absent. */
const STORED_SKLEARN = { macroF1: 0.839, binaryF1: 0.992, fitMs: 150, singleP50Ms: 5 };

/** ml-random-forest fits in O(n²) per feature, so it only gets subsamples; the cap keeps the bench under two minutes. */
const ML_RF = { sizes: [200, 400, 800], features: 200, trees: 10, capMs: 60_000, seed: SEED };

const DEFAULT: OursConfig = {
  name: 'ours (default)',
  tfidf: { wordNgrams: [1, 2], sublinearTf: true, smoothIdf: true },
  forest: { nTrees: 100, maxFeatures: 'sqrt', classWeight: 'balanced' },
  structured: false,
  seed: SEED,
};

/** Alternatives measured with --variants; each changes one thing from DEFAULT. */
const VARIANTS: OursConfig[] = [
  { ...DEFAULT, name: 'no class weights', forest: { ...DEFAULT.forest, classWeight: 'none' } },
  { ...DEFAULT, name: 'balanced per bootstrap', forest: { ...DEFAULT.forest, classWeight: 'balanced_subsample' } },
  { ...DEFAULT, name: 'unigrams only', tfidf: { ...DEFAULT.tfidf, wordNgrams: [1, 1] } },
  { ...DEFAULT, name: '+ char 3-5 grams', tfidf: { ...DEFAULT.tfidf, charNgrams: [3, 5] } },
  { ...DEFAULT, name: 'raw tf (no sublinear)', tfidf: { ...DEFAULT.tfidf, sublinearTf: false } },
  { ...DEFAULT, name: 'numbers kept', tfidf: { ...DEFAULT.tfidf, numbers: 'keep' } },
  { ...DEFAULT, name: 'vocabulary cap 500', tfidf: { ...DEFAULT.tfidf, maxFeatures: 500 } },
  { ...DEFAULT, name: 'maxFeatures log2', forest: { ...DEFAULT.forest, maxFeatures: 'log2' } },
  { ...DEFAULT, name: '+ Level/Component one-hot', structured: true },
];

interface Row {
  name: string;
  macro: number;
  binary: number;
  fitMs: number;
  batchMs: number;
  p50: number;
  p99: number;
  note: string;
}

function summarise(name: string, labels: readonly string[], run: Pick<CrossValidationRun, 'predictions' | 'fitMs' | 'batchMsPerMessage' | 'singleMs'>, note: string): Row {
  const singles = [...run.singleMs].sort((a, b) => a - b);
  return {
    name,
    macro: macroF1(labels, run.predictions),
    binary: macroF1(binaryLabels(labels, NORMAL), binaryLabels(run.predictions, NORMAL)),
    fitMs: median(run.fitMs),
    batchMs: run.batchMsPerMessage,
    p50: percentile(singles, 50),
    p99: percentile(singles, 99),
    note,
  };
}

function printTable(rows: Row[]): void {
  const fixed = (value: number, digits: number): string => (Number.isNaN(value) ? '—' : value.toFixed(digits));
  console.log('| model | macro-F1 13-way | macro-F1 normal/alert | fit (median fold) ms | predict batch ms/msg | single p50 ms | single p99 ms | note |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    console.log(`| ${row.name} | ${fixed(row.macro, 3)} | ${fixed(row.binary, 3)} | ${fixed(row.fitMs, 0)} | ${fixed(row.batchMs, 4)} | ${fixed(row.p50, 3)} | ${fixed(row.p99, 3)} | ${row.note} |`);
  }
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  const data = loadBgl(DATA);
  if ('skip' in data) {
    console.log(`bgl-classifier: skipped: ${data.skip}`);
    return;
  }
  const fold = stratifiedFolds(data.labels, FOLDS, mulberry32(SEED));
  const classes = new Set(data.labels).size;
  console.log(`BGL_2k: ${data.labels.length} messages, ${classes} classes, stratified ${FOLDS}-fold (seed ${SEED}), pooled out-of-fold predictions; single-message timings over the first ${SINGLE_CALLS_PER_FOLD} test messages of each fold, vectorize included.\n`);

  const rows: Row[] = [];
  let examples: CrossValidationRun['examples'] = [];
  for (const config of args.has('--variants') ? [DEFAULT, ...VARIANTS] : [DEFAULT]) {
    const run = runOurs(data, fold, FOLDS, config);
    if (config === DEFAULT) examples = run.examples;
    rows.push(summarise(config.name, data.labels, run, `${run.vocabulary} terms, ${run.nodesPerTree.toFixed(0)} nodes/tree, model ${(run.artifactBytes / 1024).toFixed(0)} KB`));
  }

  const python = findSklearnPython();
  const script = resolve('bench/bgl_sklearn.py');
  if (python !== null && existsSync(script)) {
    const run = runSklearn(python, script, data, fold, FOLDS, SINGLE_CALLS_PER_FOLD, SEED);
    rows.push(summarise(`scikit-learn ${run.version}`, data.labels, run, 'same folds, measured now'));
  } else {
    console.log('python3 with scikit-learn not found (apt-get install python3-sklearn): showing the stored reference figures.\n');
    rows.push({ name: 'scikit-learn 1.2.1 (stored)', macro: STORED_SKLEARN.macroF1, binary: STORED_SKLEARN.binaryF1, fitMs: STORED_SKLEARN.fitMs, batchMs: 0.025, p50: STORED_SKLEARN.singleP50Ms, p99: NaN, note: 'reference, other folds' });
  }
  printTable(rows);
  console.log(`\nTop contributing terms (${DEFAULT.name}, fold 0, first test message of each alert class):`);
  for (const example of examples) console.log(`  ${example.label} → ${example.predicted}: ${example.terms.join(', ') || '(none)'}`);

  if (args.has('--skip-ml-rf')) return;
  console.log(`\nml-random-forest 2.1 (dense rows, ${ML_RF.features}-term vocabulary, ${ML_RF.trees} trees, all features per tree) vs ours on the same rows; fold 0 test set; ${ML_RF.capMs / 1000} s cap per run:\n`);
  const records = runMlRfRecord(data, fold, ML_RF, join(__dirname, 'bgl', 'ml-rf-worker.js'));
  console.log('| train rows | features | trees | ml-rf fit ms | ml-rf predict ms/msg | ml-rf macro-F1 | ours fit ms | ours predict ms/msg | ours macro-F1 |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of records) {
    const ml = r.mlRf ? `${r.mlRf.fitMs.toFixed(0)} | ${r.mlRf.predictMsPerMessage.toFixed(3)} | ${r.mlRf.macroF1.toFixed(3)}` : '> cap | — | —';
    console.log(`| ${r.trainRows} | ${r.features} | ${r.trees} | ${ml} | ${r.ours.fitMs.toFixed(1)} | ${r.ours.predictMsPerMessage.toFixed(4)} | ${r.ours.macroF1.toFixed(3)} |`);
  }
}

main();
