// Child process for the ml-random-forest record: run with a time cap by the parent, since a
// synchronous fit cannot be interrupted in-process. Input and output are JSON (file in, stdout out).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RandomForestClassifier } from 'ml-random-forest';

export interface MlRfInput {
  train: number[][];
  y: number[];
  test: number[][];
  nEstimators: number;
  seed: number;
}

export interface MlRfOutput {
  fitMs: number;
  predictMsPerMessage: number;
  predictions: number[];
}

function main(path: string): void {
  const input = JSON.parse(readFileSync(path, 'utf8')) as MlRfInput;
  // noOOB avoids its out-of-bag pass, which crashes on small forests; bagging on, all features per tree.
  const forest = new RandomForestClassifier({ nEstimators: input.nEstimators, seed: input.seed, maxFeatures: 1.0, replacement: false, useSampleBagging: true, noOOB: true });
  const fitStart = performance.now();
  forest.train(input.train, input.y);
  const fitMs = performance.now() - fitStart;
  const predictStart = performance.now();
  const predictions = forest.predict(input.test);
  const predictMsPerMessage = (performance.now() - predictStart) / input.test.length;
  const output: MlRfOutput = { fitMs, predictMsPerMessage, predictions };
  process.stdout.write(JSON.stringify(output));
}

const path = process.argv[2];
if (path === undefined) throw new Error('usage: ml-rf-worker INPUT.json');
main(path);
