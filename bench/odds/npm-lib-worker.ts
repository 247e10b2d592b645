// Child process for one npm isolation-forest library on one ODDS set, so the parent can cap its time
// (a synchronous fit cannot be interrupted in-process). Prints {"auc": [...], "ms": [...]} on stdout.
import { performance } from 'node:perf_hooks';
import { IsolationForest as JhIsolationForest } from 'isolation-forest';
import { IsolationForest as MlIsolationForest } from 'ml-isolation-forest';
import { loadOddsSet } from './load-odds';
import type { NpmLibrary } from './npm-lib-worker-names';
import { rocAuc } from './roc-auc';


/** Fit on all rows and score all rows with the library's defaults (100 trees; psi 256 where it has one). */
function fitAndScore(library: NpmLibrary, rows: number[][], objects: Array<Record<string, number>>): number[] {
  if (library === 'isolation-forest') {
    const forest = new JhIsolationForest(100, 256);
    forest.fit(objects);
    return forest.scores();
  }
  const forest = new MlIsolationForest({ nEstimators: 100 });
  forest.train(rows);
  return forest.predict(rows);
}

function main(): void {
  const [library, dir, name, repetitions, budgetMs] = process.argv.slice(2);
  if (library !== 'isolation-forest' && library !== 'ml-isolation-forest') throw new Error(`unknown library ${library}`);
  const set = loadOddsSet(dir as string, name as string);
  // Each library's own input shape is prepared outside the timed region.
  const rows = set.rows.map((row) => Array.from(row));
  const objects = rows.map((row) => Object.fromEntries(row.map((value, f) => [`f${f}`, value])));
  const auc: number[] = [];
  const ms: number[] = [];
  const started = performance.now();
  // Neither library takes a seed (both use Math.random); repetitions stop early once the budget is spent.
  for (let rep = 0; rep < Number(repetitions) && (rep === 0 || performance.now() - started < Number(budgetMs)); rep += 1) {
    const start = performance.now();
    const scores = fitAndScore(library, rows, objects);
    ms.push(performance.now() - start);
    auc.push(rocAuc(scores, set.labels));
  }
  process.stdout.write(JSON.stringify({ auc, ms }));
}

main();
