import type { MetricQuery } from './metric-catalog';
import type { MetricPoint, TimeWindow } from './metric-point';
import type { SkippedData } from './time-series';

/** Reads one query's points in a window (Cloud Monitoring in production, a recorded file locally). */
export interface MetricSource {
  read(query: MetricQuery, window: TimeWindow): Promise<{ points: MetricPoint[]; skipped: SkippedData[] }>;
}

/** pipeline_metrics: idempotent on (pipeline, metric, timestamp). */
export interface MetricStore {
  savePoints(points: readonly MetricPoint[]): Promise<{ inserted: number; duplicates: number }>;
}

/** Kinds of score FlexiRoaster publishes as custom metrics (custom.googleapis.com/flexiroaster/KIND). */
export const CUSTOM_METRIC_KINDS = ['anomaly_score', 'risk_score', 'remediation_outcome'] as const;
export type CustomMetricKind = (typeof CUSTOM_METRIC_KINDS)[number];

/**
 * The metric labels each kind declares (Terraform creates the descriptors with exactly these, so
 * an alert policy can exist before the first write). pipeline_id is always set from pipelineId.
 */
export const CUSTOM_METRIC_LABELS: Readonly<Record<CustomMetricKind, readonly string[]>> = {
  /** signal: what was scored, a metric name (dataflow_system_lag_s) or "run". */
  anomaly_score: ['pipeline_id', 'signal'],
  /** stage: the stage whose risk this is, or "pipeline" for the whole run. */
  risk_score: ['pipeline_id', 'stage'],
  remediation_outcome: ['pipeline_id', 'strategy', 'category'],
};

export const CUSTOM_METRIC_PREFIX = 'custom.googleapis.com/flexiroaster/';

/** One value to publish; labels become metric labels (pipeline_id is always set). */
export interface CustomMetricValue {
  kind: CustomMetricKind;
  pipelineId: string;
  /** Scores in [0, 1]; remediation_outcome 1 = succeeded, 0 = failed. */
  value: number;
  timestamp: Date;
  /** Further metric labels, e.g. metric (the series scored), strategy, category. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * Publishes FlexiRoaster's own scores so Cloud Monitoring alert policies can page on them. Exposed
 * for every scorer (monitor, anomaly verdicts, risk, remediation outcomes).
 */
export interface CustomMetricWriter {
  write(values: readonly CustomMetricValue[]): Promise<void>;
}
