import type { Source, PipelineStatus } from '../domain/pipeline-event';
import type { RunRecord } from '../runs/run-record';

export const SNAPSHOT_WINDOWS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type SnapshotWindow = keyof typeof SNAPSHOT_WINDOWS;

/** A stored anomaly verdict as the snapshot and the report show it. */
export interface StoredAnomaly {
  runKey: string;
  pipelineId: string;
  runId: string;
  source: Source;
  detectedAt: string;
  score: number;
  reasons: string[];
  kinds: string[];
}

export interface OpenRemediation {
  actionKey: string;
  strategy: string;
  status: string;
  runId: string;
  decidedAt: string;
  reason: string;
}

/** Mean of a pipeline_metrics series over the window, when the monitor stored one for this pipeline. */
export interface ResourceUsage {
  cpuPercent: number | null;
  memoryPercent: number | null;
  /** Why a value is null (no such series for this pipeline, monitor not deployed...). */
  reasons: string[];
}

/** What a snapshot is computed from; the readers (DuckDB, BigQuery) fill it, the core does the rest. */
export interface SnapshotInput {
  pipelineId: string;
  /** Runs that started within the longest window (newest first). */
  runs: RunRecord[];
  /** Latest successful end ever, not only in the window. */
  lastSuccessAt: string | null;
  resources: ResourceUsage;
  openRemediation: OpenRemediation[];
  anomalies: StoredAnomaly[];
}

export interface WindowStats {
  runs: number;
  finished: number;
  failures: number;
  /** failures / finished runs; null when nothing finished. */
  failureRate: number | null;
  retries: number;
  /** Share of runs that needed at least one retry; null without runs. */
  retryFrequency: number | null;
  medianDurationMs: number | null;
  p95DurationMs: number | null;
  bytesProcessed: number;
  outputRows: number;
}

export interface PipelineSnapshot {
  pipelineId: string;
  source: Source | null;
  generatedAt: string;
  health: 'healthy' | 'degraded' | 'failing' | 'idle';
  healthReasons: string[];
  lastRun: { runId: string; status: PipelineStatus; startedAt: string; endedAt: string | null; durationMs: number | null } | null;
  windows: Record<SnapshotWindow, WindowStats>;
  failures: { lastHour: number; lastDay: number };
  timeSinceLastSuccessMs: number | null;
  /** Median duration of the last 24 h against the 6 days before; null without both. */
  durationTrend: { recentMedianMs: number | null; baselineMedianMs: number | null; changePct: number | null };
  /** Rows (else bytes) per successful run, last 24 h against the 6 days before. */
  throughputChange: { measure: 'output_rows' | 'bytes_processed' | null; recentPerRun: number | null; baselinePerRun: number | null; changePct: number | null };
  /** Runs of the last 24 h slower than the 7-day median by more than 3.5 MADs (at least 1.5x). */
  latencySpikes: Array<{ runId: string; durationMs: number; medianMs: number }>;
  stageFailures: Array<{ stageId: string; runs: number }>;
  dominantErrorSignatures: Array<{ signature: string; runs: number; lastSeenAt: string }>;
  distinctErrorSignatures24h: number;
  resources: ResourceUsage;
  openRemediation: OpenRemediation[];
  anomalies: StoredAnomaly[];
  /** Failure-risk score (issue 8); null until a risk model is wired in. */
  risk: { score: number; factors: string[] } | null;
  riskReason: string | null;
}

export interface PipelineSummary {
  pipelineId: string;
  source: Source;
  lastRunStatus: PipelineStatus;
  lastRunAt: string;
  runs24h: number;
  failures24h: number;
  openRemediation: number;
  anomalies24h: number;
}

/** Read side of the snapshot; one implementation per store. */
export interface SnapshotReader {
  readSnapshotInput(pipelineId: string, since: string, now: string): Promise<SnapshotInput | null>;
  listPipelines(now: string): Promise<PipelineSummary[]>;
}
