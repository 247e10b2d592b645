import { readFile } from 'node:fs/promises';
import type { MetricQuery } from '../../core/metrics/metric-catalog';
import type { MetricPoint, TimeWindow } from '../../core/metrics/metric-point';
import type { MetricSource } from '../../core/metrics/ports';
import { pointsOfSeries, type SkippedData, type TimeSeriesJson } from '../../core/metrics/time-series';

/** A recorded file that is not in the listTimeSeries response shape; names the file and what is wrong. */
export class RecordedMetricsError extends Error {
  override readonly name = 'RecordedMetricsError';
}

/**
 * MetricSource over recorded time series: a JSON file holding one projects.timeSeries.list response
 * (`{"timeSeries": [...]}`) or an array of them (pages), exactly as the API or
 * `gcloud monitoring time-series list --format=json` returns them. Each query gets the series of its
 * metric type, with the points inside the window, through the same parser as live reads. This is how
 * the monitor runs on the embedded default without a cloud account.
 */
export class RecordedMetricSource implements MetricSource {
  private constructor(
    private readonly series: readonly TimeSeriesJson[],
    readonly origin: string,
  ) {}

  static async fromFile(path: string): Promise<RecordedMetricSource> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new RecordedMetricsError(`${path}: cannot read (${error instanceof Error ? error.message : String(error)})`);
    }
    return RecordedMetricSource.fromJson(text, path);
  }

  static fromJson(text: string, origin = 'recorded metrics'): RecordedMetricSource {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new RecordedMetricsError(`${origin}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const pages = Array.isArray(parsed) ? parsed : [parsed];
    const series: TimeSeriesJson[] = [];
    pages.forEach((page, index) => {
      const list = typeof page === 'object' && page !== null ? (page as { timeSeries?: unknown }).timeSeries : undefined;
      if (!Array.isArray(list)) throw new RecordedMetricsError(`${origin}: page ${index} has no timeSeries array (expected a projects.timeSeries.list response)`);
      list.forEach((item, position) => {
        const type = typeof item === 'object' && item !== null ? (item as TimeSeriesJson).metric?.type : undefined;
        if (typeof type !== 'string') throw new RecordedMetricsError(`${origin}: page ${index} timeSeries[${position}] has no metric.type`);
        series.push(item as TimeSeriesJson);
      });
    });
    return new RecordedMetricSource(series, origin);
  }

  /** Earliest and latest point end time in the file, or null when it holds no points. */
  span(): { first: string; last: string } | null {
    let first: string | undefined;
    let last: string | undefined;
    for (const item of this.series) {
      for (const point of item.points ?? []) {
        const end = point.interval?.endTime;
        const millis = typeof end === 'string' ? Date.parse(end) : Number.NaN;
        if (!Number.isFinite(millis)) continue;
        const iso = new Date(millis).toISOString();
        if (first === undefined || iso < first) first = iso;
        if (last === undefined || iso > last) last = iso;
      }
    }
    return first !== undefined && last !== undefined ? { first, last } : null;
  }

  async read(query: MetricQuery, window: TimeWindow): Promise<{ points: MetricPoint[]; skipped: SkippedData[] }> {
    const points: MetricPoint[] = [];
    const skipped: SkippedData[] = [];
    for (const item of this.series) {
      if (item.metric?.type !== query.metricType || (item.resource?.type !== undefined && item.resource.type !== query.resourceType)) continue;
      const parsed = pointsOfSeries(item, query);
      points.push(...parsed.points.filter((point) => point.timestamp >= window.start && point.timestamp < window.end));
      skipped.push(...parsed.skipped);
    }
    return { points, skipped };
  }
}
