import { spawnSync } from 'node:child_process';

export interface SideRun {
  auc: number[];
  ms: number[];
}

/** pyenv shims often lack Debian's python3-sklearn, so the system interpreter is tried as well. */
const INTERPRETERS = ['/usr/bin/python3', 'python3'];

export function findSklearnPython(): string | null {
  for (const python of INTERPRETERS) {
    const probe = spawnSync(python, ['-c', 'import sklearn, pandas'], { stdio: 'ignore', timeout: 30_000 });
    if (probe.status === 0) return python;
  }
  return null;
}

export function runSklearnOdds(python: string, script: string, csv: string, seeds: number): SideRun & { version: string } {
  const result = spawnSync(python, [script, csv, String(seeds)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
  if (result.status !== 0) throw new Error(`${python} ${script} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return JSON.parse(result.stdout) as SideRun & { version: string };
}
