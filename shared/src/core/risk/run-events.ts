/** What is known about a run when it starts: its identity, time and facts fixed before it executes. */
export interface RunStart {
  type: 'start';
  pipelineId: string;
  runId: string;
  /** Epoch milliseconds. */
  at: number;
  /** Numeric facts known at start: stage count, critical stages, bytes estimated, workers, template age... */
  features?: Record<string, number>;
  /** Categorical facts known at start: user, team, template, region... */
  context?: Record<string, string>;
  /** The pipeline's anomaly score (0..1) at start, from the anomaly verdict, when one is known. */
  anomalyScore?: number;
}

export const RUN_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunOutcome {
  type: 'outcome';
  pipelineId: string;
  runId: string;
  /** Epoch milliseconds of the run's end. */
  at: number;
  status: RunStatus;
  durationS?: number;
  /** Error signature of a failed run, when classified (a stable id of the failure's template). */
  signature?: string;
  /** Error category of a failed run, when classified. */
  category?: string;
  /** Airflow try number or retry count of the run, when known. */
  retries?: number;
}

export type RunEvent = RunStart | RunOutcome;
