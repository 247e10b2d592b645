// ODDS, side by side in one run: our Isolation Forest against scikit-learn's IsolationForest(n_estimators=100,
// max_samples=256) and the npm libraries isolation-forest and ml-isolation-forest. Protocol of the reference
// in ../shared/bench-data/README.md: fit on all rows, score all rows, ROC-AUC mean over seeds 0–9, median
// fit+score time. Run `node dist/bench/odds.js [--skip-npm]` from the project root after a build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fitIsolationForest, isolationScores } from '../shared/src/core/anomaly/isolation-forest';
import { listOddsSets, loadOddsSet, type OddsSet } from './odds/load-odds';
import { NPM_LIBRARIES, type NpmLibrary } from './odds/npm-lib-worker-names';
import { mean, median, rocAuc } from './odds/roc-auc';
import { findSklearnPython, runSklearnOdds, type SideRun } from './odds/sklearn-side';

const DATA = resolve('../shared/bench-data/odds');
const SEEDS = 10;
/** scikit-learn 1.2.1 on this kind of machine, from ../shared/bench-data/README.md. */
const REFERENCE: Record<string, { auc: number; ms: number }> = {
  cardio: { auc: 0.9329, ms: 142 },
  mammography: { auc: 0.8615, ms: 306 },
  pima: { auc: 0.6707, ms: 116 },
  satellite: { auc: 0.7008, ms: 216 },
  shuttle: { auc: 0.997, ms: 820 },
  thyroid: { auc: 0.9781, ms: 106 },
};
/** The npm libraries get up to SEEDS runs, but stop starting new ones after the budget; a run past the cap is killed. */
const NPM = { budgetMs: 10_000, capMs: 60_000 };

function runOurs(set: OddsSet): SideRun {
  const auc: number[] = [];
  const ms: number[] = [];
  for (let seed = 0; seed < SEEDS; seed += 1) {
    const start = performance.now();
    const model = fitIsolationForest(set.rows, { trees: 100, sampleSize: 256, seed });
    const scores = isolationScores(model, set.rows);
    ms.push(performance.now() - start);
    auc.push(rocAuc(scores, set.labels));
  }
  return { auc, ms };
}

function runNpm(library: NpmLibrary, name: string): SideRun | 'capped' | { crashed: string } {
  const worker = join(__dirname, 'odds', 'npm-lib-worker.js');
  const result = spawnSync(process.execPath, [worker, library, DATA, name, String(SEEDS), String(NPM.budgetMs)], {
    encoding: 'utf8',
    timeout: NPM.capMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return 'capped';
  if (result.status !== 0) return { crashed: (result.stderr.split('\n').find((line) => /Error/.test(line)) ?? `exit ${result.status ?? result.signal}`).trim() };
  return JSON.parse(result.stdout) as SideRun;
}

function describeNpm(run: SideRun | 'capped' | { crashed: string }): string {
  if (run === 'capped') return `> ${NPM.capMs / 1000} s, capped`;
  if ('crashed' in run) return `crashed: ${run.crashed}`;
  return `${mean(run.auc).toFixed(4)} / ${median(run.ms).toFixed(0)} ms (${run.auc.length} runs)`;
}

function main(): void {
  const listing = listOddsSets(DATA);
  if ('skip' in listing) {
    console.log(`odds: skipped: ${listing.skip}`);
    return;
  }
  const skipNpm = process.argv.includes('--skip-npm');
  const python = findSklearnPython();
  const script = resolve('bench/odds_sklearn.py');
  const sklearnAvailable = python !== null && existsSync(script);
  if (!sklearnAvailable) console.log('python3 with scikit-learn and pandas not found (apt-get install python3-sklearn python3-pandas): only the stored reference figures are shown.\n');
  console.log(`ODDS: fit on all rows, score all rows; AUC mean over seeds 0–${SEEDS - 1}; time = median fit+score. npm libraries are unseeded (Math.random): mean over the runs that fit a ${NPM.budgetMs / 1000} s budget, killed after ${NPM.capMs / 1000} s.\n`);

  const header = ['set', 'n × d', 'ours AUC', 'sklearn AUC', '|Δ|', 'ours ms', 'sklearn ms', 'speed-up', 'sklearn 1.2.1 ref (README)'];
  if (!skipNpm) header.push(...NPM_LIBRARIES.map((library) => `${library} AUC / ms`));
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  let version = '';
  const misses: string[] = [];
  for (const name of listing.names) {
    const set = loadOddsSet(DATA, name);
    const ours = runOurs(set);
    const sklearn = sklearnAvailable ? runSklearnOdds(python, script, join(DATA, `${name}.csv`), SEEDS) : null;
    if (sklearn) version = sklearn.version;
    const oursAuc = mean(ours.auc);
    const oursMs = median(ours.ms);
    const reference = REFERENCE[name];
    const sklearnAuc = sklearn ? mean(sklearn.auc) : (reference?.auc ?? NaN);
    const sklearnMs = sklearn ? median(sklearn.ms) : (reference?.ms ?? NaN);
    const delta = Math.abs(oursAuc - sklearnAuc);
    if (!(delta <= 0.01)) misses.push(`${name}: |Δ AUC| ${delta.toFixed(4)}`);
    if (!(oursMs < sklearnMs)) misses.push(`${name}: ${oursMs.toFixed(0)} ms vs ${sklearnMs.toFixed(0)} ms`);
    const cells = [
      name,
      `${set.rows.length} × ${set.rows[0]?.length ?? 0}`,
      oursAuc.toFixed(4),
      `${sklearnAuc.toFixed(4)}${sklearn ? '' : ' (stored)'}`,
      delta.toFixed(4),
      oursMs.toFixed(1),
      sklearnMs.toFixed(0),
      `${(sklearnMs / oursMs).toFixed(1)}×`,
      reference ? `${reference.auc.toFixed(4)} / ${reference.ms} ms` : '—',
    ];
    if (!skipNpm) cells.push(...NPM_LIBRARIES.map((library) => describeNpm(runNpm(library, name))));
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log(`\nscikit-learn: ${sklearnAvailable ? `${version}, measured now via ${python}` : 'stored reference figures'}.`);
  console.log(misses.length === 0 ? 'Goal met on every set: AUC within 0.01 of scikit-learn and fit+score faster.' : `Goal missed: ${misses.join('; ')}`);
}

main();
