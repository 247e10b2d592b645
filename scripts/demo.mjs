#!/usr/bin/env node
// The main job on the embedded default: replay the shipped corpus through the real ingest handler
// into a fresh DuckDB file, then print the report. No cloud account needed.
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const database = '.flexiroaster/demo.duckdb';
rmSync(database, { force: true });
rmSync(`${database}.wal`, { force: true });
const env = { FLEXIROASTER_REMEDIATION_CONFIG: 'data/corpus/remediation-config.json', ...process.env, FLEXIROASTER_DUCKDB_PATH: database };
const htmlReport = '.flexiroaster/report.html';
for (const args of [
  ['replay', 'data/corpus/demo-log-entries.jsonl'],
  ['report'],
  ['risk', '--from-store', '--history', 'data/corpus/demo-run-history.jsonl'],
  ['report', '--html', htmlReport],
]) {
  const result = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
