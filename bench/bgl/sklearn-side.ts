import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BglMessages } from './load-bgl';
import type { CrossValidationRun } from './ours';

export interface SklearnRun extends Pick<CrossValidationRun, 'predictions' | 'fitMs' | 'batchMsPerMessage' | 'singleMs'> {
  version: string;
}

/** pyenv shims often lack Debian's python3-sklearn, so the system interpreter is tried as well. */
const INTERPRETERS = ['python3', '/usr/bin/python3'];

export function findSklearnPython(): string | null {
  for (const python of INTERPRETERS) {
    const probe = spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore', timeout: 30_000 });
    if (probe.status === 0) return python;
  }
  return null;
}

/** Runs bench/bgl_sklearn.py on the same messages and fold assignment, handed over through a temp file. */
export function runSklearn(python: string, script: string, data: BglMessages, fold: Int32Array, folds: number, singleCallsPerFold: number, seed: number): SklearnRun {
  const dir = mkdtempSync(join(tmpdir(), 'bgl-sklearn-'));
  try {
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ contents: data.contents, labels: data.labels, fold: Array.from(fold), folds, singleCallsPerFold, seed }));
    const result = spawnSync(python, [script, input], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
    if (result.status !== 0) throw new Error(`${python} ${script} failed (${result.status ?? result.signal}): ${result.stderr}`);
    return JSON.parse(result.stdout) as SklearnRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
