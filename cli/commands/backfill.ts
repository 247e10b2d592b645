import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { backfillEntries, type BackfillSummary, type BackfillTarget } from '../../shared/src/core/backfill/backfill';
import type { ExportedLogRow } from '../../shared/src/core/backfill/exported-log-row';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { Command, CommandIo } from '../io';

export const BACKFILL_USAGE = `usage: flexiroaster backfill --from-bigquery-export DATASET [--project P] [--location L] [--since 30d|ISO] [--checkpoint FILE] [--store duckdb|bigquery]

  Reads the tables a Cloud Logging sink exported to BigQuery and sends every row through the ingest
  path (normalise, classify, store) without remediation. The checkpoint (default
  .flexiroaster/backfill-<project>.<dataset>.json) records the newest timestamp read; the next run
  starts there, and what it reads again is deduplicated by the store.
`;

export interface BackfillRuntime {
  target: BackfillTarget;
  close(): Promise<void>;
}

export interface BackfillDependencies {
  clock: Clock;
  /** Default project of the export dataset (FLEXIROASTER_PROJECT_ID / GOOGLE_CLOUD_PROJECT). */
  defaultProject: string | undefined;
  openTarget(): Promise<BackfillRuntime>;
  exportRows(source: { projectId: string; datasetId: string; location?: string }, since: string): AsyncIterable<ExportedLogRow[]>;
}

interface Checkpoint {
  source: string;
  lastTimestamp: string;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** `30d`, `12h`, `90m` before now, or an RFC 3339 timestamp. */
export function parseSince(text: string, now: Date): string | undefined {
  const relative = /^(\d+)([dhm])$/.exec(text);
  if (relative !== null) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[relative[2] as 'd' | 'h' | 'm'];
    return new Date(now.getTime() - Number(relative[1]) * unit).toISOString();
  }
  const parsed = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(parsed) ? new Date(parsed).toISOString() : undefined;
}

function readCheckpoint(path: string, source: string, io: CommandIo): string | undefined {
  if (!existsSync(path)) return undefined;
  const checkpoint = JSON.parse(readFileSync(path, 'utf8')) as Partial<Checkpoint>;
  if (checkpoint.source !== source || typeof checkpoint.lastTimestamp !== 'string') {
    io.stderr.write(`checkpoint ${path} belongs to ${String(checkpoint.source)}, not ${source}: ignored\n`);
    return undefined;
  }
  return checkpoint.lastTimestamp;
}

export function createBackfillCommand(deps: BackfillDependencies): Command {
  return async (args, io) => {
    if (args.includes('--from-logging')) {
      io.stderr.write('backfill --from-logging is not available in this version; export the logs with a BigQuery sink and use --from-bigquery-export\n');
      return 2;
    }
    const datasetId = option(args, '--from-bigquery-export');
    const projectId = option(args, '--project') ?? deps.defaultProject;
    if (datasetId === undefined || projectId === undefined) {
      io.stderr.write(`${datasetId === undefined ? '' : 'no project: pass --project or set FLEXIROASTER_PROJECT_ID\n'}${BACKFILL_USAGE}`);
      return 2;
    }
    const now = deps.clock.now();
    const sinceText = option(args, '--since') ?? '30d';
    const since = parseSince(sinceText, now);
    if (since === undefined) {
      io.stderr.write(`--since must be like 30d, 12h, 90m or an RFC 3339 timestamp, got "${sinceText}"\n`);
      return 2;
    }
    const source = `bigquery-export:${projectId}.${datasetId}`;
    const checkpointPath = option(args, '--checkpoint') ?? `.flexiroaster/backfill-${projectId}.${datasetId}.json`;
    const resumeAt = readCheckpoint(checkpointPath, source, io);
    const start = resumeAt !== undefined && resumeAt > since ? resumeAt : since;
    const location = option(args, '--location');
    const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
    const runtime = await deps.openTarget();
    let summary: BackfillSummary;
    try {
      summary = await backfillEntries(deps.exportRows({ projectId, datasetId, ...(location !== undefined ? { location } : {}) }, start), runtime.target, (progress) => {
        if (tty) io.stderr.write(`\rbackfill ${source}: ${progress.read} read, ${progress.stored} stored, ${progress.duplicates} already stored, ${progress.rejected} rejected`);
      });
    } finally {
      if (tty) io.stderr.write('\n');
      await runtime.close();
    }
    if (summary.lastTimestamp !== null) {
      mkdirSync(dirname(checkpointPath), { recursive: true });
      writeFileSync(checkpointPath, `${JSON.stringify({ source, lastTimestamp: summary.lastTimestamp } satisfies Checkpoint)}\n`);
    }
    io.stdout.write(
      `backfill ${source} from ${start}: ${summary.read} rows read, ${summary.stored} events stored, ${summary.duplicates} already stored, ${summary.rejected} rejected; checkpoint ${summary.lastTimestamp ?? 'unchanged'}\n`,
    );
    return 0;
  };
}
