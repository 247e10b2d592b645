/**
 * What one log entry states about its run's execution, exactly as the producer logged it. Every
 * field is optional: an entry says only what it says (a BigQuery completion carries job statistics,
 * an Airflow "TaskInstance Finished" line the task's start, end and try; a progress line nothing).
 */
export interface EventTelemetry {
  /** When the job, task or execution started (RFC 3339, UTC). */
  startedAt?: string;
  /** When it reached a final state (RFC 3339, UTC). */
  endedAt?: string;
  /** BigQuery totalProcessedBytes (jobStats.queryStats / jobStatistics). */
  bytesProcessed?: number;
  /** BigQuery totalBilledBytes. */
  bytesBilled?: number;
  /** BigQuery totalSlotMs. */
  slotMs?: number;
  /** Rows written: BigQuery outputRowCount / queryOutputRowCount. */
  outputRows?: number;
  /** Bytes written by a load job: BigQuery totalOutputBytes / totalLoadOutputBytes. */
  outputBytes?: number;
  /** Airflow try number of the task instance (1 for the first attempt). */
  tryNumber?: number;
  /** Airflow max_tries of the task instance (retries allowed). */
  maxTries?: number;
}
