import { createHash } from 'node:crypto';
import type { PipelineStatus, Source } from '../domain/pipeline-event';

/**
 * One run of one pipeline with its telemetry, folded from every event of the run. What the anomaly
 * rules, the snapshot and (issue 8) the risk model read. Fields a log never stated stay null.
 */
export interface RunRecord {
  runKey: string;
  source: Source;
  pipelineId: string;
  runId: string;
  /** Status of the latest event that reported one (info lines report none). */
  status: PipelineStatus;
  /** occurredAt of the event the status came from; null while only info lines were seen. */
  statusAt: string | null;
  firstEventAt: string;
  lastEventAt: string;
  startedAt: string;
  /** Latest time a final state was reported (a failed try, the final success...); null before any. */
  endedAt: string | null;
  /** endedAt − startedAt while the status is final; null while the run is live. */
  durationMs: number | null;
  bytesProcessed: number | null;
  bytesBilled: number | null;
  slotMs: number | null;
  outputRows: number | null;
  outputBytes: number | null;
  /** Retries of the most retried task (Airflow try number − 1); 0 when none were logged. */
  retries: number;
  /** Stages that reported a failure, sorted. */
  failedStages: string[];
  /** Signatures (or categories) of the run's failures, sorted. */
  errorSignatures: string[];
}

export const FINAL_STATUSES: readonly PipelineStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isFinal(status: PipelineStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** Stable id of (source, pipeline, run): the primary key of pipeline_runs and its BigQuery insertId. */
export function runKeyOf(source: Source, pipelineId: string, runId: string): string {
  return createHash('sha256').update(JSON.stringify([source, pipelineId, runId])).digest('hex').slice(0, 32);
}
