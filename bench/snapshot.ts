import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDbDatabase } from '../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbSnapshotReader } from '../shared/src/adapters/duckdb/duckdb-snapshot-reader';
import { SnapshotService } from '../shared/src/core/health/snapshot-service';

const RUNS = 1_000_000;
const PIPELINES = 1_000;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const HOUR_MS = 3_600_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * 1M runs of 1,000 pipelines (one run an hour each, ~42 days back), generated inside DuckDB; then
 * the snapshot of one pipeline and the pipeline list, each timed as the median of repeated calls.
 * Reference, side by side: the cheapest query that touches the same pipeline's week of rows (a
 * COUNT with the same filter), i.e. what any snapshot must at least pay to find its rows.
 */
async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'flexiroaster-snapshot-bench-'));
  const database = await DuckDbDatabase.open(join(directory, 'runs.duckdb'));
  try {
    const began = performance.now();
    await database.write((connection) =>
      connection.run(`
        INSERT INTO pipeline_runs
        SELECT md5(i::VARCHAR) AS run_key,
               CASE i % 4 WHEN 0 THEN 'bigquery' WHEN 1 THEN 'dataflow' WHEN 2 THEN 'composer' ELSE 'workflows' END AS source,
               'pipeline-' || (i % ${PIPELINES}) AS pipeline_id,
               'run-' || i AS run_id,
               CASE WHEN hash(i) % 20 = 0 THEN 'failed' ELSE 'succeeded' END AS status,
               started + to_milliseconds(dur) AS status_at,
               started AS first_event_at, started + to_milliseconds(dur) AS last_event_at, started AS started_at,
               started + to_milliseconds(dur) AS ended_at, dur AS duration_ms,
               (hash(i) % 1000000000)::BIGINT AS bytes_processed, NULL AS bytes_billed, (hash(i) % 100000)::BIGINT AS slot_ms,
               (hash(i) % 2000000)::BIGINT AS output_rows, NULL AS output_bytes,
               CASE WHEN hash(i) % 50 = 0 THEN 2 ELSE 0 END AS retries,
               CASE WHEN hash(i) % 20 = 0 THEN ['load'] ELSE [] END AS failed_stages,
               CASE WHEN hash(i) % 20 = 0 THEN ['sig-' || (hash(i) % 7)] ELSE [] END AS error_signatures,
               TIMESTAMPTZ '${NOW.toISOString()}' AS updated_at
          FROM (SELECT i, TIMESTAMPTZ '${NOW.toISOString()}' - to_milliseconds((i // ${PIPELINES}) * ${HOUR_MS} + (i % ${PIPELINES}) * 3000) AS started,
                       (600000 + hash(i) % 3000000)::BIGINT AS dur
                  FROM range(${RUNS}) AS t(i))`),
    );
    const loadMs = performance.now() - began;
    const service = new SnapshotService(new DuckDbSnapshotReader(database), { now: () => NOW });
    const snapshotTimes: number[] = [];
    const countTimes: number[] = [];
    let runs = 0;
    for (let round = 0; round < 11; round += 1) {
      const pipelineId = `pipeline-${(round * 97) % PIPELINES}`;
      let start = performance.now();
      const snapshot = await service.snapshot(pipelineId);
      snapshotTimes.push(performance.now() - start);
      runs = snapshot?.windows['7d'].runs ?? 0;
      start = performance.now();
      await database.read((connection) =>
        connection.runAndReadAll(`SELECT count(*) FROM pipeline_runs WHERE pipeline_id = $1 AND started_at > TIMESTAMPTZ '${new Date(NOW.getTime() - 7 * 24 * HOUR_MS).toISOString()}'`, [pipelineId]),
      );
      countTimes.push(performance.now() - start);
    }
    const listTimes: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const start = performance.now();
      await service.listPipelines();
      listTimes.push(performance.now() - start);
    }
    console.log(`snapshot on ${RUNS.toLocaleString('en-US')} stored runs (${PIPELINES} pipelines, generated in ${(loadMs / 1000).toFixed(1)} s), DuckDB, median of 11:`);
    console.log(`  flexiroaster snapshot PIPELINE (${runs} runs in its 7-day window): ${median(snapshotTimes).toFixed(1)} ms`);
    console.log(`  reference, COUNT(*) of the same pipeline's 7-day rows: ${median(countTimes).toFixed(1)} ms`);
    console.log(`  GET /pipelines (all ${PIPELINES} pipelines with 24 h counts), median of 3: ${median(listTimes).toFixed(0)} ms`);
  } finally {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
