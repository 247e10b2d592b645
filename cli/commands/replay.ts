import type { CloudEvent } from '@google-cloud/functions-framework';
import type { IngestOutcome } from '../../shared/src/core/ingest/ingest-service';
import type { Clock } from '../../shared/src/core/ports/clock';
import { maskPii } from '../../shared/src/core/privacy/mask-pii';
import { formatTable } from '../format-table';
import type { Command } from '../io';
import { ProgressBar } from '../progress-bar';
import { toPubSubCloudEvent } from '../pubsub-envelope';
import { readReplayRecords } from '../replay-input';
import { writeLine } from '../read-lines';

export interface ReplayRuntime {
  handle(event: CloudEvent<unknown>): Promise<IngestOutcome>;
  /** Replays move time to each record's timestamp, so decisions and recoveries follow the log's timeline. */
  advanceClock?(timestamp: string | undefined): void;
  /** What remediation decided for a stored event, when remediation runs in process. */
  decisionFor?(eventId: string): ReplayDecision | null;
  close(): Promise<void>;
}

export interface ReplayDecision {
  strategy: string | null;
  autonomy: string;
  dryRun: boolean;
  executed: boolean;
  status: string;
  reason: string;
}

interface ReplayTally {
  stored: number;
  duplicates: number;
  rejected: Map<string, number>;
  bySource: Map<string, number>;
  failuresByCategory: Map<string, number>;
  /** Inputs whose handling threw (an outage): Pub/Sub would retry them. */
  failed: number;
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function tally(outcome: IngestOutcome, into: ReplayTally): void {
  if (outcome.kind === 'rejected') {
    increment(into.rejected, outcome.rejection.reason);
    return;
  }
  if (outcome.duplicate) {
    into.duplicates += 1;
    return;
  }
  into.stored += 1;
  increment(into.bySource, `${outcome.event.source}/${outcome.event.status}`);
  if (outcome.event.category !== null) increment(into.failuresByCategory, outcome.event.category);
}

function usage(): string {
  return 'usage: flexiroaster replay FILE [--json]   (FILE: JSONL of LogEntries, or a JSON array)';
}

function jsonLine(outcome: IngestOutcome, runtime: ReplayRuntime): Record<string, unknown> {
  if (outcome.kind === 'rejected') {
    return { eventId: null, category: null, decision: null, rejected: { reason: outcome.rejection.reason, message: outcome.rejection.message } };
  }
  const decision = outcome.duplicate ? null : (runtime.decisionFor?.(outcome.event.eventId) ?? null);
  return {
    eventId: outcome.event.eventId,
    category: outcome.event.category,
    decision: decision && {
      strategy: decision.strategy,
      autonomy: decision.autonomy,
      dryRun: decision.dryRun,
      executed: decision.executed,
      status: decision.status,
      reason: decision.reason,
    },
    ...(outcome.duplicate ? { duplicate: true } : {}),
  };
}

export function createReplayCommand(openRuntime: () => Promise<ReplayRuntime>, clock: Clock): Command {
  return async (args, io) => {
    const file = args.find((arg) => !arg.startsWith('--'));
    const asJson = args.includes('--json');
    if (file === undefined) {
      io.stderr.write(`${usage()}\n`);
      return 2;
    }
    let records: string[];
    try {
      records = await readReplayRecords(file);
    } catch (error) {
      io.stderr.write(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    const runtime = await openRuntime();
    const progress = new ProgressBar(io.stderr, records.length, 'replay');
    const totals: ReplayTally = { stored: 0, duplicates: 0, rejected: new Map(), bySource: new Map(), failuresByCategory: new Map(), failed: 0 };
    const started = clock.now().getTime();
    try {
      for (const [index, record] of records.entries()) {
        const envelope = toPubSubCloudEvent(record, index, clock.now().toISOString());
        runtime.advanceClock?.(envelope.data?.message.attributes?.['logging.googleapis.com/timestamp']);
        let outcome;
        try {
          outcome = await runtime.handle(envelope);
        } catch (error) {
          // Pub/Sub would redeliver this one; a replay notes it and goes on with the rest of the file.
          const detail = error instanceof Error ? error.message : String(error);
          totals.failed += 1;
          if (asJson) await writeLine(io.stdout, JSON.stringify({ eventId: null, category: null, decision: null, failed: { line: index + 1, error: maskPii(detail) } }));
          else io.stderr.write(`line ${index + 1} failed and would be retried: ${maskPii(detail)}\n`);
          progress.update(index + 1);
          continue;
        }
        tally(outcome, totals);
        if (asJson) await writeLine(io.stdout, JSON.stringify(jsonLine(outcome, runtime)));
        progress.update(index + 1);
      }
    } finally {
      progress.finish();
      await runtime.close();
    }
    const seconds = Math.max(1e-3, (clock.now().getTime() - started) / 1000);
    const summary = [
      `replayed ${records.length} records from ${file} in ${seconds.toFixed(2)} s (${Math.round(records.length / seconds)} records/s)`,
      `stored ${totals.stored} events, ignored ${totals.duplicates} duplicate deliveries, rejected ${[...totals.rejected.values()].reduce((a, b) => a + b, 0)} inputs${totals.failed > 0 ? `, ${totals.failed} inputs failed (an outage: Pub/Sub would retry them)` : ''}`,
      '',
      formatTable(['source/status', 'events'], [...totals.bySource.entries()].sort().map(([key, count]) => [key, count])),
      '',
      formatTable(['rejection reason', 'inputs'], [...totals.rejected.entries()].sort().map(([key, count]) => [key, count])),
    ].join('\n');
    (asJson ? io.stderr : io.stdout).write(`${summary}\n`);
    return totals.failed > 0 ? 1 : 0;
  };
}
