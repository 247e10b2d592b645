import { createHash } from 'node:crypto';
import type { MetricAnomaly } from '../monitor/ports';
import type { MetricAnomalyRow, PipelineMetricRow } from '../schema/tables';
import type { MetricPoint } from './metric-point';

/** 128 bits of sha256 over (pipeline, metric, timestamp): the same point always gets the same id. */
export function pointIdOf(point: Pick<MetricPoint, 'pipelineId' | 'metric' | 'timestamp'>): string {
  return createHash('sha256').update(`${point.pipelineId}\n${point.metric}\n${point.timestamp}`, 'utf8').digest('hex').slice(0, 32);
}

export function toPipelineMetricRow(point: MetricPoint, readAt: Date): PipelineMetricRow {
  const labels: Record<string, string> = {};
  for (const key of Object.keys(point.resourceLabels).sort()) labels[key] = point.resourceLabels[key] as string;
  return {
    point_id: pointIdOf(point),
    pipeline_id: point.pipelineId,
    metric: point.metric,
    metric_type: point.metricType,
    source: point.source,
    scope: point.scope,
    timestamp: point.timestamp,
    value: point.value,
    unit: point.unit,
    resource_labels: JSON.stringify(labels),
    read_at: readAt.toISOString(),
  };
}

export function toMetricAnomalyRow(anomaly: MetricAnomaly): MetricAnomalyRow {
  return {
    anomaly_id: anomaly.anomalyId,
    pipeline_id: anomaly.pipelineId,
    metric: anomaly.metric,
    source: anomaly.source,
    timestamp: anomaly.timestamp,
    value: anomaly.value,
    score: anomaly.score,
    reasons: [...anomaly.reasons],
    detected_at: anomaly.detectedAt,
  };
}
