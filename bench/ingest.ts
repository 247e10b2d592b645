import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDbDatabase } from '../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbEventStore } from '../shared/src/adapters/duckdb/duckdb-event-store';
import { systemClock } from '../shared/src/adapters/system/system-clock';
import { RulesOnlyClassifier } from '../shared/src/core/classify/rules-classifier';
import { classifyEvent } from '../shared/src/core/ingest/classify-event';
import { normalizeLogEntry } from '../shared/src/core/normalize';
import { maskPiiDeep } from '../shared/src/core/privacy/mask-pii';
import { projectRoot } from '../shared/src/adapters/system/project-root';

/** Distinct copies of the corpus entries (new insertId each) so dedupe does not short-circuit the store. */
function syntheticEntries(corpus: Array<Record<string, unknown>>, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const entry = corpus[i % corpus.length] as Record<string, unknown>;
    out.push(JSON.stringify({ ...entry, insertId: `bench-${i}-${String(entry.insertId ?? '')}` }));
  }
  return out;
}

function loadCorpus(): Array<Record<string, unknown>> {
  const lines = readFileSync(join(projectRoot(), 'data/corpus/demo-log-entries.jsonl'), 'utf8').split('\n');
  const entries: Array<Record<string, unknown>> = [];
  for (const line of lines) {
    try {
      const value: unknown = JSON.parse(line);
      if (normalizeLogEntry(value).ok) entries.push(value as Record<string, unknown>);
    } catch {
      // Malformed demo lines are part of the corpus on purpose; the benchmark measures valid ones.
    }
  }
  return entries;
}

function rate(count: number, milliseconds: number): string {
  return `${Math.round((count / milliseconds) * 1000).toLocaleString('en-US')}/s`;
}

async function benchNormalize(records: string[]): Promise<void> {
  const classifier = new RulesOnlyClassifier();
  for (const record of records.slice(0, 2000)) normalizeLogEntry(JSON.parse(record));
  let start = performance.now();
  for (const record of records) JSON.parse(record);
  const parseOnly = performance.now() - start;
  start = performance.now();
  let failures = 0;
  for (const record of records) {
    const result = normalizeLogEntry(JSON.parse(record));
    if (result.ok && classifyEvent(maskPiiDeep(result.event), classifier).event.status === 'failed') failures += 1;
  }
  const full = performance.now() - start;
  console.log(`normalize (parse + normalize + mask + rules), ${records.length} entries, one core:`);
  console.log(`  flexiroaster: ${rate(records.length, full)}  (${((full / records.length) * 1000).toFixed(1)} µs/entry, ${failures} failures classified)`);
  console.log(`  reference, JSON.parse alone: ${rate(records.length, parseOnly)}`);
}

async function benchReplay(records: string[]): Promise<void> {
  const { IngestService } = await import('../shared/src/core/ingest/ingest-service');
  const { StdoutLogger } = await import('../shared/src/adapters/logging/stdout-logger');
  const directory = mkdtempSync(join(tmpdir(), 'flexiroaster-bench-'));
  try {
    const { DuckDbRunStore } = await import('../shared/src/adapters/duckdb/duckdb-run-store');
    const { DuckDbAnomalyStore } = await import('../shared/src/adapters/duckdb/duckdb-anomaly-store');
    const { RunTracker } = await import('../shared/src/core/runs/track-runs');
    const { anomalyScorer } = await import('../shared/src/core/anomaly/score-ended-run');
    const timeIngest = async (file: string, withRuns: boolean): Promise<{ database: DuckDbDatabase; elapsed: number }> => {
      const database = await DuckDbDatabase.open(join(directory, file));
      const runStore = new DuckDbRunStore(database, systemClock);
      const service = new IngestService({
        store: new DuckDbEventStore(database, systemClock),
        classifier: new RulesOnlyClassifier(),
        logger: new StdoutLogger({ minSeverity: 'EMERGENCY' }),
        clock: systemClock,
        ...(withRuns ? { runs: new RunTracker(runStore, anomalyScorer({ history: runStore, anomalies: new DuckDbAnomalyStore(database), clock: systemClock })) } : {}),
      });
      const began = performance.now();
      for (const [index, record] of records.entries()) {
        await service.ingest({ messageId: `m-${index}`, attributes: {}, base64Data: Buffer.from(record).toString('base64') });
      }
      return { database, elapsed: performance.now() - began };
    };
    // Side by side in one process, alternating, so load on the machine colours both alike.
    const withoutRuns = await timeIngest('bench-plain.duckdb', false);
    const withRuns = await timeIngest('bench-runs.duckdb', true);
    const database = withRuns.database;
    await withoutRuns.database.close();
    const full = withRuns.elapsed;
    const rawDatabase = await DuckDbDatabase.open(join(directory, 'raw.duckdb'));
    const rawStore = new DuckDbEventStore(rawDatabase, systemClock);
    const events = records.map((record) => {
      const result = normalizeLogEntry(JSON.parse(record));
      if (!result.ok) throw result.error;
      return { ...result.event, category: null };
    });
    const start = performance.now();
    for (const event of events) await rawStore.saveEvent(event);
    const storeOnly = performance.now() - start;
    console.log(`replay through IngestService into DuckDB, ${records.length} distinct entries, sequential:`);
    console.log(`  flexiroaster, with run telemetry (pipeline_runs) and anomaly verdicts: ${rate(records.length, full)}`);
    console.log(`  flexiroaster, events only (run telemetry off): ${rate(records.length, withoutRuns.elapsed)}`);
    console.log(`  reference, DuckDbEventStore.saveEvent of pre-normalized events alone: ${rate(records.length, storeOnly)}`);
    await database.close();
    await rawDatabase.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function benchColdStart(record: string): void {
  const directory = mkdtempSync(join(tmpdir(), 'flexiroaster-cold-'));
  const file = join(directory, 'one.jsonl');
  writeFileSync(file, `${record}\n`);
  const cli = resolve(projectRoot(), 'dist/cli/main.js');
  const timeRun = (args: string[], env: NodeJS.ProcessEnv) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`cold start run failed: ${result.stderr}`);
    return performance.now() - start;
  };
  const ours: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < 7; run += 1) {
    rmSync(join(directory, 'cold.duckdb'), { force: true });
    ours.push(timeRun([cli, 'replay', file], { ...process.env, FLEXIROASTER_DUCKDB_PATH: join(directory, 'cold.duckdb') }));
    bare.push(timeRun(['-e', '0'], process.env));
  }
  // The deployed function's own cold start: load every registered function, then build the ingest
  // service on the BigQuery store with the shipped model (client construction makes no request).
  const functionStart: number[] = [];
  const script = `require(${JSON.stringify(resolve(projectRoot(), 'dist/functions/index.js'))});
    const { buildIngestRuntime } = require(${JSON.stringify(resolve(projectRoot(), 'dist/functions/ingest/dependencies.js'))});
    const { parseAppConfig } = require(${JSON.stringify(resolve(projectRoot(), 'dist/shared/src/core/config/app-config.js'))});
    buildIngestRuntime(parseAppConfig(process.env), { log() {} }).then(() => process.exit(0));`;
  for (let run = 0; run < 7; run += 1) {
    functionStart.push(timeRun(['-e', script], { ...process.env, FLEXIROASTER_STORE: 'bigquery', FLEXIROASTER_PROJECT_ID: 'bench-project' }));
  }
  rmSync(directory, { recursive: true, force: true });
  console.log('cold start, process start -> first event stored in a new DuckDB file -> exit (median of 7):');
  console.log(`  flexiroaster replay of one entry: ${median(ours).toFixed(0)} ms`);
  console.log(`  deployed functions: load the source and build the ingest service (BigQuery store, model): ${median(functionStart).toFixed(0)} ms`);
  console.log(`  reference, node -e 0: ${median(bare).toFixed(0)} ms`);
}

export async function runIngestBenchmarks(): Promise<void> {
  const corpus = loadCorpus();
  const count = 20000;
  const records = syntheticEntries(corpus, count);
  await benchNormalize(records);
  await benchReplay(records.slice(0, 5000));
  benchColdStart(records[0] as string);
}

if (require.main === module) {
  runIngestBenchmarks().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
