// `node dist/bench/nab.js` from the project root: the streaming detector on the Numenta Anomaly Benchmark,
// scored by NAB's own scorer through `flexiroaster anomalies`, next to the published detectors' figures,
// and its throughput alone and through the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StreamingDetector } from '../shared/src/core/anomaly/streaming';
import { loadNab, type NabSeries } from './nab-data';
import { NAB_PROFILES, scoreCorpus } from './nab-sweeper';

const NAB_ROOT = resolve('../shared/bench-data/nab');
const CLI = resolve('dist/cli/main.js');
const PYTHON = '/usr/bin/python3';
const TARGET_POINTS_PER_SECOND = 500_000;
/** Standard-profile scores of the published result files on these 41 series, from ../shared/bench-data/nab/README.md. */
const REFERENCES: Array<[string, number]> = [
  ['ARTime', 69.1],
  ['Numenta HTM', 68.6],
  ['CAD OSE', 63.8],
  ['KNN CAD', 56.6],
  ['Random Cut Forest', 52.6],
  ['earthgecko Skyline', 49.4],
  ['Relative Entropy', 47.3],
  ['Twitter ADVec', 38.9],
  ['Windowed Gaussian (rolling z-score)', 29.1],
];

const rate = (points: number, ms: number): string => `${Math.round((points / ms) * 1000).toLocaleString('en-US')} points/s`;

function officialScore(): { standard: number; lowFp: number; lowFn: number; wallSeconds: number } | { missing: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import pandas, simplejson'], { stdio: 'ignore', timeout: 60_000 });
  if (probe.status !== 0) return { missing: `${PYTHON} with pandas and simplejson not found (apt-get install python3-pandas python3-simplejson)` };
  const started = performance.now();
  const run = spawnSync(PYTHON, [join(NAB_ROOT, 'score.py'), NAB_ROOT, 'all', '--cli', process.execPath, CLI, 'anomalies'], {
    encoding: 'utf8',
    timeout: 1_800_000,
  });
  const text = `${run.stdout}\n${run.stderr}`;
  const standard = /NAB standard (-?[\d.]+)/.exec(text);
  const low = /NAB reward_low_FP (-?[\d.]+)\s+reward_low_FN (-?[\d.]+)/.exec(text);
  if (run.status !== 0 || standard === null || low === null) return { missing: `score.py failed (exit ${run.status}): ${text.trim().slice(-400)}` };
  return { standard: Number(standard[1]), lowFp: Number(low[1]), lowFn: Number(low[2]), wallSeconds: (performance.now() - started) / 1000 };
}

function ported(series: NabSeries[]): { standard: number; lowFp: number; lowFn: number; threshold: number } {
  const corpus = series.map((s) => {
    const detector = new StreamingDetector();
    return { name: s.name, timestamps: s.timestamps, windows: s.windows, scores: s.values.map((value, i) => detector.update({ timestampMs: s.timestampsMs[i]!, value }).score) };
  });
  const standard = scoreCorpus(corpus, NAB_PROFILES.standard!);
  return {
    standard: standard.normalized,
    threshold: standard.threshold,
    lowFp: scoreCorpus(corpus, NAB_PROFILES.reward_low_FP_rate!).normalized,
    lowFn: scoreCorpus(corpus, NAB_PROFILES.reward_low_FN_rate!).normalized,
  };
}

/** Wall and CPU milliseconds: the machine is shared, so CPU time is what "one core" can do. */
interface Timing {
  points: number;
  wallMs: number;
  cpuMs: number;
}

/** Every series once per pass, a fresh detector per series, best of a few passes (the first also warms the JIT). */
function detectorThroughput(series: NabSeries[], passes: number): Timing {
  let best: Timing = { points: 0, wallMs: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
  let sink = 0;
  for (let pass = 0; pass < passes; pass += 1) {
    let points = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (const s of series) {
      const detector = new StreamingDetector();
      const { values, timestampsMs } = s;
      for (let i = 0; i < values.length; i += 1) sink += detector.update({ timestampMs: timestampsMs[i]!, value: values[i]! }).score;
      points += values.length;
    }
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (cpuMs < best.cpuMs) best = { points, wallMs, cpuMs };
  }
  if (Number.isNaN(sink)) console.log('(unreachable: keeps the scores alive)');
  return best;
}

/** The whole corpus repeated with timestamps moved forward, as one long CSV file piped through the real CLI process. */
function cliThroughput(series: NabSeries[], copies: number): Timing {
  const dir = mkdtempSync(join(tmpdir(), 'nab-cli-'));
  try {
    const lines: string[] = ['timestamp,value'];
    let at = Date.UTC(2020, 0, 1);
    for (let copy = 0; copy < copies; copy += 1) {
      for (const s of series) {
        for (const value of s.values) {
          lines.push(`${new Date(at).toISOString().slice(0, 19).replace('T', ' ')},${value}`);
          at += 300_000;
        }
      }
    }
    const file = join(dir, 'series.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    let best: Timing = { points: lines.length - 1, wallMs: Number.POSITIVE_INFINITY, cpuMs: Number.POSITIVE_INFINITY };
    for (let run = 0; run < 2; run += 1) {
      // /usr/bin/time reports the child's own CPU seconds (user + system), process start included.
      const command = `/usr/bin/time -f '%U %S' "${process.execPath}" "${CLI}" anomalies < "${file}" > /dev/null`;
      const start = performance.now();
      const result = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
      const wallMs = performance.now() - start;
      if (result.status !== 0) throw new Error(`anomalies failed: ${result.stderr}`);
      const [user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      const cpuMs = ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000;
      if (!(cpuMs >= best.cpuMs)) best = { points: lines.length - 1, wallMs, cpuMs };
    }
    return best;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const data = loadNab(NAB_ROOT);
  if ('skip' in data) {
    console.log(`nab: skipped: ${data.skip}`);
    return;
  }
  const points = data.series.reduce((sum, s) => sum + s.values.length, 0);
  const windows = data.series.reduce((sum, s) => sum + s.windows.length, 0);
  console.log(`NAB: ${data.series.length} series, ${points.toLocaleString('en-US')} points, ${windows} anomaly windows; one configuration for all series.`);

  const official = officialScore();
  const port = ported(data.series);
  console.log('\nNAB score (perfect 100, null detector 0), standard profile:');
  if ('missing' in official) {
    console.log(`  NAB's scorer not run: ${official.missing}`);
  } else {
    console.log(`  flexiroaster streaming detector   ${official.standard.toFixed(1)}   (NAB's scorer via \`flexiroaster anomalies\`, ${official.wallSeconds.toFixed(0)} s)`);
  }
  for (const [name, score] of REFERENCES) console.log(`  ${name.padEnd(33)} ${score.toFixed(1)}`);
  if (!('missing' in official)) {
    console.log(`  other profiles: reward_low_FP ${official.lowFp.toFixed(1)}, reward_low_FN ${official.lowFn.toFixed(1)}`);
  }
  console.log(
    `  in-process port of NAB's sweeper (cross-check): standard ${port.standard.toFixed(2)}, low_FP ${port.lowFp.toFixed(2)}, low_FN ${port.lowFn.toFixed(2)}; best threshold ${port.threshold.toFixed(3)}`,
  );

  console.log(`\nThroughput on one core (target ${TARGET_POINTS_PER_SECOND.toLocaleString('en-US')} points/s):`);
  const alone = detectorThroughput(data.series, 5);
  console.log(
    `  detector alone (update per point, fresh detector per series): ${rate(alone.points, alone.cpuMs)} of CPU time, ${rate(alone.points, alone.wallMs)} wall  (${alone.points.toLocaleString('en-US')} points, best of 5)`,
  );
  const cli = cliThroughput(data.series, 10);
  console.log(
    `  through the CLI (CSV in, JSON lines out, process start included): ${rate(cli.points, cli.cpuMs)} of CPU time, ${rate(cli.points, cli.wallMs)} wall  (${cli.points.toLocaleString('en-US')} rows, best of 2)`,
  );
  console.log('  (the machine is shared with other work: wall time includes waiting for a core, CPU time is what one core does)');
}

main();
