import type { Classification } from '../domain/classification';
import type { ClassifiedEvent, PipelineStatus } from '../domain/pipeline-event';
import { isFinal, type RunRecord, runKeyOf } from './run-record';

/** Upper bound on the sets a run keeps; a run failing in more stages than this is described well enough by them. */
export const MAX_LISTED = 20;

/** On a tie in time the more telling status wins, so the fold does not depend on delivery order. */
const STATUS_RANK: Readonly<Record<PipelineStatus, number>> = { info: 0, running: 1, succeeded: 2, cancelled: 3, failed: 4 };

/** The run as this one event describes it. */
export function runOfEvent(event: ClassifiedEvent, classification: Classification | null): RunRecord {
  const telemetry = event.telemetry ?? {};
  const at = toMillisIso(event.occurredAt);
  const final = isFinal(event.status);
  const run: RunRecord = {
    runKey: runKeyOf(event.source, event.pipelineId, event.runId),
    source: event.source,
    pipelineId: event.pipelineId,
    runId: event.runId,
    status: event.status,
    statusAt: event.status === 'info' ? null : at,
    firstEventAt: at,
    lastEventAt: at,
    startedAt: minIso(telemetry.startedAt, at) as string,
    // The logged end (job endTime, task end_date) is exact; the entry itself is written a moment later.
    endedAt: telemetry.endedAt ?? (final ? at : null),
    durationMs: null,
    bytesProcessed: telemetry.bytesProcessed ?? null,
    bytesBilled: telemetry.bytesBilled ?? null,
    slotMs: telemetry.slotMs ?? null,
    outputRows: telemetry.outputRows ?? null,
    outputBytes: telemetry.outputBytes ?? null,
    retries: telemetry.tryNumber !== undefined ? Math.max(0, telemetry.tryNumber - 1) : 0,
    failedStages: event.status === 'failed' && event.stageId !== undefined ? [event.stageId] : [],
    errorSignatures: event.status === 'failed' ? [classification?.signature ?? event.category ?? 'unclassified'] : [],
  };
  return withDuration(run);
}

/**
 * Joins two descriptions of the same run. Every field is a min, a max, a set union or "latest
 * status wins", so the join is commutative, associative and idempotent: a redelivered or reordered
 * event leaves the stored run exactly as if each event had arrived once, in order.
 */
export function mergeRuns(a: RunRecord, b: RunRecord): RunRecord {
  const later = laterStatus(a, b);
  return withDuration({
    runKey: a.runKey,
    source: a.source,
    pipelineId: a.pipelineId,
    runId: a.runId,
    status: later.status,
    statusAt: later.statusAt,
    firstEventAt: minIso(a.firstEventAt, b.firstEventAt) as string,
    lastEventAt: maxIso(a.lastEventAt, b.lastEventAt) as string,
    startedAt: minIso(a.startedAt, b.startedAt) as string,
    endedAt: maxIso(a.endedAt ?? undefined, b.endedAt ?? undefined) ?? null,
    durationMs: null,
    bytesProcessed: maxOf(a.bytesProcessed, b.bytesProcessed),
    bytesBilled: maxOf(a.bytesBilled, b.bytesBilled),
    slotMs: maxOf(a.slotMs, b.slotMs),
    outputRows: maxOf(a.outputRows, b.outputRows),
    outputBytes: maxOf(a.outputBytes, b.outputBytes),
    retries: Math.max(a.retries, b.retries),
    failedStages: union(a.failedStages, b.failedStages),
    errorSignatures: union(a.errorSignatures, b.errorSignatures),
  });
}

export function sameRun(a: RunRecord, b: RunRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function laterStatus(a: RunRecord, b: RunRecord): Pick<RunRecord, 'status' | 'statusAt'> {
  if (a.statusAt === null) return b;
  if (b.statusAt === null) return a;
  if (a.statusAt !== b.statusAt) return a.statusAt > b.statusAt ? a : b;
  return STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a : b;
}

function withDuration(run: RunRecord): RunRecord {
  if (!isFinal(run.status) || run.endedAt === null) return { ...run, durationMs: null };
  return { ...run, durationMs: Math.max(0, Date.parse(run.endedAt) - Date.parse(run.startedAt)) };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort().slice(0, MAX_LISTED);
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

// Every stored instant is ISO UTC with milliseconds, so text order is time order.
function toMillisIso(value: string): string {
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? value : new Date(millis).toISOString();
}

function minIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

function maxIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}
