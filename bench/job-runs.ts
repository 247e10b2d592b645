import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { chunkedLines } from '../cli/chunked-lines';
import { projectRoot } from '../shared/src/adapters/system/project-root';
import { parseRunLine } from '../shared/src/core/risk/run-line';
import { HistoryBaselines } from './risk/history-baselines';
import { ScoredRuns } from './risk/scored-runs';
import { measureModelLoad } from './risk/model-load';

const DATA = resolve(projectRoot(), '..', 'shared', 'bench-data', 'job-runs', 'google-2011-runs.jsonl.gz');
const SCORED_FROM = Date.parse('2011-05-21T00:00:00Z');
const DAY_MS = 86_400_000;
const KS = [10, 100, 500];

interface CliRun {
  probabilities: Float64Array;
  runIds: string[];
  models: Map<string, number>;
  wallSeconds: number;
  cpuSeconds: number | undefined;
  maxRssMb: number | undefined;
}

/** Runs `flexiroaster risk` on the stream as a separate process, reading its stdin from the file. */
async function runCli(streamPath: string, modelOut: string, starts: number): Promise<CliRun> {
  const cli = join(projectRoot(), 'dist/cli/main.js');
  const timeFile = join(tmpdir(), `flexiroaster-risk-time-${process.pid}`);
  const useTime = existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const args = [...(useTime ? ['-f', '%U %S %M', '-o', timeFile, process.execPath] : []), cli, 'risk', '--save-model', modelOut];
  const probabilities = new Float64Array(starts);
  const runIds: string[] = [];
  const models = new Map<string, number>();
  const started = performance.now();
  const child = spawn(command, args, { stdio: [openSync(streamPath, 'r'), 'pipe', 'inherit'] });
  const exited = new Promise<number>((resolveExit) => child.on('close', (code) => resolveExit(code ?? 1)));
  let index = 0;
  if (!child.stdout) throw new Error("no stdout pipe from the CLI process");
  for await (const line of chunkedLines(child.stdout)) {
    const value = JSON.parse(line) as { runId?: string; failureProbability?: number; model?: string; error?: unknown };
    if (value.error !== undefined) throw new Error(`flexiroaster risk reported an error line on the benchmark stream: ${line}`);
    probabilities[index] = value.failureProbability as number;
    runIds.push(value.runId as string);
    models.set(value.model as string, (models.get(value.model as string) ?? 0) + 1);
    index += 1;
  }
  const code = await exited;
  const wallSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`flexiroaster risk exited with ${code}`);
  let cpuSeconds: number | undefined;
  let maxRssMb: number | undefined;
  if (useTime && existsSync(timeFile)) {
    const [user, system, rssKb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
    cpuSeconds = (user as number) + (system as number);
    maxRssMb = (rssKb as number) / 1024;
    rmSync(timeFile, { force: true });
  }
  if (index !== starts) throw new Error(`flexiroaster risk printed ${index} lines for ${starts} start lines`);
  return { probabilities, runIds, models, wallSeconds, cpuSeconds, maxRssMb };
}

function f(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`skipped: job-runs data not found at ${DATA} (see ../shared/bench-data/job-runs/README.md)`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'flexiroaster-job-runs-'));
  try {
    const streamPath = join(work, 'runs.jsonl');
    await pipeline(createReadStream(DATA), createGunzip(), createWriteStream(streamPath));
    let starts = 0;
    let lines = 0;
    for await (const line of chunkedLines(createReadStream(streamPath))) {
      lines += 1;
      if (line.includes('"type":"start"')) starts += 1;
    }
    console.log(`stream: ${DATA} (${(statSync(streamPath).size / 1e6).toFixed(0)} MB, ${lines.toLocaleString('en-US')} lines, ${starts.toLocaleString('en-US')} runs)`);

    const modelPath = join(work, 'risk-model.json');
    const cli = await runCli(streamPath, modelPath, starts);

    // Same stream, same order, for the reference predictors and the labels.
    const baselines = new HistoryBaselines();
    const scored = new ScoredRuns();
    const pending = new Map<string, { day: number; model: number; lastFive: number; lastOne: number }>();
    let startIndex = 0;
    for await (const line of chunkedLines(createReadStream(streamPath))) {
      const event = parseRunLine(line);
      if (event.type === 'start') {
        if (cli.runIds[startIndex] !== event.runId) throw new Error(`output line ${startIndex + 1} is for run ${cli.runIds[startIndex]}, expected ${event.runId}`);
        const reference = baselines.predict(event.pipelineId);
        if (event.at >= SCORED_FROM) pending.set(`${event.pipelineId} ${event.runId}`, { day: Math.floor(event.at / DAY_MS) - Math.floor(SCORED_FROM / DAY_MS) + 20, model: cli.probabilities[startIndex] as number, ...reference });
        startIndex += 1;
      } else {
        const key = `${event.pipelineId} ${event.runId}`;
        const prediction = pending.get(key);
        if (prediction && event.status !== 'cancelled') {
          pending.delete(key);
          scored.add(prediction.day, event.status === 'failed', { flexiroaster: prediction.model, lastFive: prediction.lastFive, lastOne: prediction.lastOne });
        }
        baselines.learn(event);
      }
    }
    const failures = scored.labels.reduce((a, b) => a + b, 0);
    console.log(`scored: ${scored.labels.length.toLocaleString('en-US')} runs starting on or after 2011-05-21 that ended succeeded or failed (${failures} failed, base rate ${f(failures / scored.labels.length)})`);
    console.log(`models that scored the runs: ${[...cli.models].map(([name, count]) => `${name} ×${count}`).slice(0, 4).join(', ')}${cli.models.size > 4 ? `, … (${cli.models.size} versions)` : ''}`);
    console.log('');
    console.log(`predictor                               ROC-AUC   Brier    ${KS.map((k) => `P@${k}`.padStart(6)).join(' ')}`);
    const rows: Array<[string, string, string]> = [
      ['flexiroaster (GBDT + heuristic, online)', 'flexiroaster', 'goal AUC >= 0.97, Brier below both baselines'],
      ['reference: failure share of last 5', 'lastFive', 'README: AUC 0.916, Brier 0.0122, P@100 0.99'],
      ['reference: last known outcome', 'lastOne', 'README: AUC 0.880'],
    ];
    for (const [label, name, note] of rows) {
      const s = scored.summary(name, KS);
      console.log(`${label.padEnd(40)}${f(s.auc).padStart(7)}  ${f(s.brier, 5).padStart(7)}  ${KS.map((k) => f(s.precisionAt[k] as number, 2).padStart(6)).join(' ')}   (${note})`);
    }
    console.log('reference: scikit-learn gradient boosting, batch split days < 20 / >= 20 (README): AUC 0.963, Brier 0.0088, P@10/100/500 1.0/1.0/0.98');
    console.log('');
    console.log('precision@10 per day       runs  failed  flexiroaster  last-5  last-1');
    const perDay = ['flexiroaster', 'lastFive', 'lastOne'].map((name) => scored.perDay(name, 10));
    for (const [day, info] of perDay[0] ?? new Map()) {
      console.log(`  day ${String(day).padStart(2)}           ${String(info.runs).padStart(9)}  ${String(info.failures).padStart(6)}  ${f(info.precision, 2).padStart(12)}  ${f(perDay[1]?.get(day)?.precision ?? Number.NaN, 2).padStart(6)}  ${f(perDay[2]?.get(day)?.precision ?? Number.NaN, 2).padStart(6)}`);
    }
    console.log('');
    const cpu = cli.cpuSeconds === undefined ? '' : `; ${Math.round(starts / cli.cpuSeconds).toLocaleString('en-US')} runs per CPU-second (${cli.cpuSeconds.toFixed(1)} s CPU)`;
    console.log(`throughput through \`flexiroaster risk\` (separate process, stdin from file, predictions + online learning + daily retraining): ${Math.round(starts / cli.wallSeconds).toLocaleString('en-US')} runs/s wall (${cli.wallSeconds.toFixed(1)} s)${cpu}; goal >= 50,000 runs/s`);
    if (cli.maxRssMb !== undefined) console.log(`  peak RSS of the CLI process: ${cli.maxRssMb.toFixed(0)} MB`);
    const load = await measureModelLoad(modelPath);
    console.log(`risk model artifact (last daily model): ${(statSync(modelPath).size / 1024).toFixed(0)} KiB; cold load + verify ${load.loadMs.toFixed(1)} ms, heap +${load.heapMb.toFixed(1)} MB, one prediction ${load.predictUs.toFixed(1)} µs (classifier budget: load < 150 ms)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
