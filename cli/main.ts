#!/usr/bin/env node
import type { Command, CommandIo } from './io';

const USAGE = `usage: flexiroaster <command> [options]

commands:
  normalize            JSONL LogEntries on stdin -> one JSON result line per input line
  replay FILE [--json] send LogEntries (JSONL or JSON array) through the ingest handler into the local store
  report [--json]      tables from the stored events
  classify             JSONL {"message","source"?} on stdin -> one classification line per input line
  signatures [--log-format FORMAT] [--mask REGEX]... [--state FILE]
                       raw log lines on stdin -> {"signatureId","template"} per line
  signatures resolve --state FILE [--state FILE]...
                       signature ids on stdin -> their canonical ids, merging the states as the fleet consolidation does
  signatures consolidate
                       merge what every ingest instance recorded (signature_aliases) into signature_canonical
  train [--kb FILE | --from-store] [--extra FILE]... [--out FILE]
                       build the classifier artifact from the knowledge base (CSV, or the store with learned entries)
  kb upload FILE|-     validate a knowledge-base CSV and apply it all-or-nothing to the store
  kb list [--category C] [--type T] [--json|--csv]
  anomalies [--state FILE]
                       CSV "timestamp,value" (header first) on stdin -> one {"timestamp","value","score","isAnomaly","reasons"}
                       line per row, scored by the streaming detector from that row and the rows before it
  risk [--model FILE] [--save-model FILE] [--retrain-hours H] [--min-history N] [--min-training-failures N] [--seed N]
                       run stream (start/outcome JSONL) on stdin -> one failure-risk line per start
  backfill --from-bigquery-export DATASET [--since 30d] [--project P] [--checkpoint FILE]
                       history from a log sink's BigQuery tables through normalise/classify/store, no remediation
  snapshot PIPELINE [--json] [--store duckdb|bigquery]
                       health of one pipeline over 1 h / 24 h / 7 d: runs, failures, retries, durations,
                       throughput, latency spikes, error signatures, anomalies, open remediation

report, snapshot, kb, train --from-store and backfill use the store FLEXIROASTER_STORE names (duckdb by default);
--store duckdb|bigquery overrides it. bigquery reads FLEXIROASTER_PROJECT_ID, FLEXIROASTER_BQ_DATASET,
FLEXIROASTER_BQ_LOCATION and Application Default Credentials (gcloud auth application-default login).
`;

// Loaded on demand so a command pays only for what it uses (DuckDB, the model) at start.
const COMMANDS: Record<string, () => Promise<Command>> = {
  normalize: async () => (await import('./runtime/commands')).normalize(),
  replay: async () => (await import('./runtime/commands')).replay(),
  report: async () => (await import('./runtime/commands')).report(),
  classify: async () => (await import('./runtime/commands')).classify(),
  signatures: async () => (await import('./commands/signatures')).signaturesCommand,
  train: async () => (await import('./runtime/commands')).train(),
  kb: async () => (await import('./runtime/commands')).kb(),
  anomalies: async () => (await import('./commands/anomalies')).anomaliesCommand,
  risk: async () => (await import('./commands/risk')).riskCommand,
  backfill: async () => (await import('./runtime/commands')).backfill(),
  snapshot: async () => (await import('./runtime/commands')).snapshot(),
};

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  const command = await load();
  return command(args, io);
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe; that ends the command, it is not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`flexiroaster: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
