import type { RunRecord } from './run-record';

/**
 * pipeline_runs: one row per run. fold() joins an observation into the stored row with mergeRuns'
 * semantics (creating the row on first sight), so redelivery and reordering are harmless.
 * Throws TransientStoreError when a retry may succeed, PermanentStoreError when it cannot.
 */
export interface RunStore {
  fold(observation: RunRecord): Promise<void>;
  getRun(runKey: string): Promise<RunRecord | null>;
}

/** Read side the anomaly verdict and the snapshot share. */
export interface RunHistoryReader {
  /** Final runs of the pipeline that ended strictly before `before` (ISO), newest first, at most `limit`. */
  runsEndedBefore(pipelineId: string, before: string, limit: number): Promise<RunRecord[]>;
}
