import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run bench`: every benchmark in its own process (so one's JIT warm-up, heap and loaded
 * modules do not colour the next), in the order the product uses them. Each prints its own numbers
 * next to the reference it compares against.
 */
const BENCHMARKS: Array<{ file: string; title: string; args?: string[] }> = [
  { file: 'ingest.js', title: 'Ingestion: normalize, replay into DuckDB, cold start' },
  { file: 'function-bundles.js', title: 'Deployed functions: esbuild bundles vs unbundled source (size, cold start, RSS)' },
  { file: 'snapshot.js', title: 'Monitoring snapshot on 1M stored runs' },
  { file: 'regex-worst-case.js', title: 'Regular expressions on worst-case 512 KB inputs vs the pre-issue-12 patterns' },
  { file: 'loghub-signatures.js', title: 'Signature mining on Loghub-2k vs Drain' },
  { file: 'fleet-signatures.js', title: 'Fleet signatures: 4 instances on Loghub-2k, ids resolved by consolidation' },
  { file: 'bgl-classifier.js', title: 'TF-IDF + random forest on BGL_2k vs scikit-learn' },
  { file: 'classifier-eval.js', title: 'Error classifier on the GCP evaluation set' },
  { file: 'nab.js', title: 'Streaming anomaly detector on NAB vs published detectors' },
  { file: 'job-runs.js', title: 'Failure risk on Google cluster job runs vs history baselines' },
  { file: 'odds.js', title: 'Isolation Forest on ODDS vs scikit-learn and npm libraries' },
];

let failed = 0;
for (const bench of BENCHMARKS) {
  const path = join(__dirname, bench.file);
  console.log(`\n=== ${bench.title} (${bench.file}) ===`);
  if (!existsSync(path)) {
    console.log(`not built: ${path} is missing`);
    failed += 1;
    continue;
  }
  const result = spawnSync(process.execPath, [path, ...(bench.args ?? [])], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
