import type { PipelineStatus, Source } from '../domain/pipeline-event';
import type { PipelineRunRow } from '../schema/tables';
import type { RunRecord } from './run-record';

export function toRunRow(run: RunRecord, updatedAt: string): PipelineRunRow {
  return {
    run_key: run.runKey,
    source: run.source,
    pipeline_id: run.pipelineId,
    run_id: run.runId,
    status: run.status,
    status_at: run.statusAt,
    first_event_at: run.firstEventAt,
    last_event_at: run.lastEventAt,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    duration_ms: run.durationMs,
    bytes_processed: run.bytesProcessed,
    bytes_billed: run.bytesBilled,
    slot_ms: run.slotMs,
    output_rows: run.outputRows,
    output_bytes: run.outputBytes,
    retries: run.retries,
    failed_stages: run.failedStages,
    error_signatures: run.errorSignatures,
    updated_at: updatedAt,
  };
}

/** A stored row back to a run; timestamps arrive as ISO text (the readers convert their engine's types). */
export function fromRunRow(row: PipelineRunRow): RunRecord {
  return {
    runKey: row.run_key,
    source: row.source as Source,
    pipelineId: row.pipeline_id,
    runId: row.run_id,
    status: row.status as PipelineStatus,
    statusAt: row.status_at,
    firstEventAt: row.first_event_at,
    lastEventAt: row.last_event_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    bytesProcessed: row.bytes_processed,
    bytesBilled: row.bytes_billed,
    slotMs: row.slot_ms,
    outputRows: row.output_rows,
    outputBytes: row.output_bytes,
    retries: row.retries,
    failedStages: [...row.failed_stages],
    errorSignatures: [...row.error_signatures],
  };
}
