import type { MetricQuery } from './metric-catalog';
import type { MetricPoint } from './metric-point';

/**
 * The parts of a Cloud Monitoring TimeSeries (REST JSON, as listTimeSeries returns it) that
 * FlexiRoaster reads. int64Value travels as a string in JSON; timestamps as RFC 3339 strings.
 */
export interface TimeSeriesJson {
  metric?: { type?: string; labels?: Record<string, string> };
  resource?: { type?: string; labels?: Record<string, string> };
  metricKind?: string;
  valueType?: string;
  unit?: string;
  points?: ReadonlyArray<{
    interval?: { startTime?: string; endTime?: string };
    value?: { doubleValue?: number | string; int64Value?: string | number; boolValue?: boolean; distributionValue?: unknown; stringValue?: string };
  }>;
}

/** Why a series or point was left out; reported, never silently dropped. */
export interface SkippedData {
  reason: 'no_pipeline_label' | 'bad_timestamp' | 'unsupported_value' | 'not_finite' | 'unknown_metric_type';
  detail: string;
}

export interface ParsedSeries {
  points: MetricPoint[];
  skipped: SkippedData[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** The points of one series, oldest first, named after the query's pipeline label. */
export function pointsOfSeries(series: TimeSeriesJson, query: MetricQuery): ParsedSeries {
  const skipped: SkippedData[] = [];
  const resourceLabels = { ...(series.resource?.labels ?? {}) };
  const pipelineId = resourceLabels[query.pipelineLabel] ?? series.metric?.labels?.[query.pipelineLabel];
  if (pipelineId === undefined || pipelineId.trim() === '') {
    return {
      points: [],
      skipped: [{ reason: 'no_pipeline_label', detail: `${query.metricType}: series without resource label ${query.pipelineLabel} (${(series.points ?? []).length} points)` }],
    };
  }
  const points: MetricPoint[] = [];
  for (const point of series.points ?? []) {
    const end = point.interval?.endTime;
    const millis = typeof end === 'string' && RFC3339.test(end) ? Date.parse(end) : Number.NaN;
    if (!Number.isFinite(millis)) {
      skipped.push({ reason: 'bad_timestamp', detail: `${query.name} ${pipelineId}: interval.endTime ${JSON.stringify(end)} is not RFC 3339` });
      continue;
    }
    const raw = numericValue(point.value);
    if (raw === undefined) {
      skipped.push({ reason: 'unsupported_value', detail: `${query.name} ${pipelineId} at ${end}: value ${JSON.stringify(point.value)} is not a number` });
      continue;
    }
    const value = raw * (query.scale ?? 1);
    if (!Number.isFinite(value)) {
      skipped.push({ reason: 'not_finite', detail: `${query.name} ${pipelineId} at ${end}: value is not finite` });
      continue;
    }
    points.push({
      pipelineId,
      metric: query.name,
      metricType: query.metricType,
      source: query.source,
      scope: query.scope,
      timestamp: new Date(millis).toISOString(),
      value,
      unit: query.unit,
      resourceLabels,
    });
  }
  // listTimeSeries returns points newest first; the detector needs them in time order.
  points.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return { points, skipped };
}

function numericValue(value: NonNullable<TimeSeriesJson['points']>[number]['value']): number | undefined {
  if (value === undefined) return undefined;
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.int64Value !== undefined) return Number(value.int64Value);
  if (value.boolValue !== undefined) return value.boolValue ? 1 : 0;
  return undefined;
}
