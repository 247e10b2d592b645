import { MetricServiceClient } from '@google-cloud/monitoring';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import { queryFilter, type MetricQuery } from '../../core/metrics/metric-catalog';
import type { MetricPoint, TimeWindow } from '../../core/metrics/metric-point';
import type { MetricSource } from '../../core/metrics/ports';
import { pointsOfSeries, type SkippedData, type TimeSeriesJson } from '../../core/metrics/time-series';
import { describeApiError, formatFailure } from '../executors/api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from '../executors/google-client-settings';

export interface CloudMonitoringMetricSourceOptions extends GoogleApiSettings {
  /** The scoping project whose metrics are read (projects/{projectId}). */
  projectId: string;
  /** Alignment period of every query; default 60 s, the sampling period of the metrics read. */
  alignmentPeriodSeconds?: number;
  /** Series per page; default 1000. */
  pageSize?: number;
  /** Attempts per page on a transient failure (429, 503, ...); default 3. */
  maxAttempts?: number;
  /** Wait before retry n (1-based); default 500 ms doubling. Tests pass zero. */
  backoffMs?: (retry: number) => number;
  /** How a retry waits; default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Stops paging after this many pages of one query (a runaway filter); default 100. */
  maxPages?: number;
}

type ListRequest = Parameters<MetricServiceClient['listTimeSeries']>[0];

/**
 * MetricSource on Cloud Monitoring: projects.timeSeries.list (GET /v3/projects/{p}/timeSeries) with
 * the query's filter, the window as interval.startTime/endTime and server-side alignment and
 * reduction, following nextPageToken page by page. The REST transport is used (one HTTP/1.1 + JSON
 * stack for every adapter, and the one the tests drive). A transient failure (429, 503, deadline)
 * is retried here a few times with backoff, then thrown as TransientStoreError so the tick fails and
 * Cloud Scheduler retries it; 400/403/404 are PermanentStoreError at once: a bad filter or a missing
 * monitoring.viewer grant does not heal by itself.
 */
export class CloudMonitoringMetricSource implements MetricSource {
  private readonly client: GaxClient<MetricServiceClient>;

  constructor(private readonly options: CloudMonitoringMetricSourceOptions) {
    this.client = new GaxClient(() => new MetricServiceClient(gaxRestOptions<ConstructorParameters<typeof MetricServiceClient>[0]>(options)));
  }

  async read(query: MetricQuery, window: TimeWindow): Promise<{ points: MetricPoint[]; skipped: SkippedData[] }> {
    const points: MetricPoint[] = [];
    const skipped: SkippedData[] = [];
    let pageToken = '';
    const maxPages = this.options.maxPages ?? 100;
    for (let page = 0; page < maxPages; page += 1) {
      const response = await this.page(query, window, pageToken);
      for (const series of response.series) {
        const parsed = pointsOfSeries(series, query);
        points.push(...parsed.points);
        skipped.push(...parsed.skipped);
      }
      if (!response.nextPageToken) return { points, skipped };
      pageToken = response.nextPageToken;
    }
    throw new PermanentStoreError(`monitoring timeSeries.list ${query.metricType}: more than ${maxPages} pages; narrow the filter or the window`);
  }

  private async page(query: MetricQuery, window: TimeWindow, pageToken: string): Promise<{ series: TimeSeriesJson[]; nextPageToken: string }> {
    const request: ListRequest = {
      name: `projects/${this.options.projectId}`,
      filter: queryFilter(query),
      interval: { startTime: timestamp(window.start), endTime: timestamp(window.end) },
      aggregation: {
        alignmentPeriod: { seconds: this.options.alignmentPeriodSeconds ?? 60 },
        perSeriesAligner: query.aligner,
        crossSeriesReducer: query.reducer,
        groupByFields: [...query.groupBy],
      },
      view: 'FULL',
      pageSize: this.options.pageSize ?? 1000,
      pageToken,
    };
    const attempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const client = await this.client.ready();
        const [series, , raw] = await withDeadline(
          client.listTimeSeries(request, { ...gaxCallOptions(this.options), autoPaginate: false }),
          this.options,
        );
        return { series: series.map(toJson), nextPageToken: (raw as { nextPageToken?: string } | undefined)?.nextPageToken ?? '' };
      } catch (error) {
        const failure = describeApiError(error);
        const message = formatFailure(`monitoring timeSeries.list ${query.metricType}`, failure);
        if (!failure.retryable) throw new PermanentStoreError(message, [], { cause: error });
        if (attempt >= attempts) throw new TransientStoreError(`${message} (after ${attempt} attempts)`, { cause: error });
        await (this.options.sleep ?? defaultSleep)(this.options.backoffMs?.(attempt) ?? 500 * 2 ** (attempt - 1));
      }
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function timestamp(iso: string): { seconds: number; nanos: number } {
  const millis = Date.parse(iso);
  if (!Number.isFinite(millis)) throw new PermanentStoreError(`monitoring timeSeries.list: window bound ${JSON.stringify(iso)} is not a timestamp`);
  return { seconds: Math.floor(millis / 1000), nanos: (((millis % 1000) + 1000) % 1000) * 1_000_000 };
}

interface ProtoTimestamp {
  seconds?: number | string | { toString(): string } | null;
  nanos?: number | null;
}

/** The decoded protobuf object back in REST JSON form, which the core parses (one parser for live and recorded data). */
function toJson(series: unknown): TimeSeriesJson {
  const record = series as {
    metric?: { type?: string | null; labels?: Record<string, string> | null } | null;
    resource?: { type?: string | null; labels?: Record<string, string> | null } | null;
    points?: Array<{
      interval?: { startTime?: ProtoTimestamp | null; endTime?: ProtoTimestamp | null } | null;
      value?: { doubleValue?: number | null; int64Value?: number | string | { toString(): string } | null; boolValue?: boolean | null; value?: string } | null;
    }> | null;
  };
  const json: TimeSeriesJson = {
    metric: { type: record.metric?.type ?? '', labels: { ...(record.metric?.labels ?? {}) } },
    resource: { type: record.resource?.type ?? '', labels: { ...(record.resource?.labels ?? {}) } },
    points: (record.points ?? []).map((point) => {
      const value: NonNullable<NonNullable<TimeSeriesJson['points']>[number]['value']> = {};
      const v = point.value ?? {};
      // Decoded oneofs name the member that is set in `value`; unset members read as defaults.
      const which = v.value;
      if (which === 'doubleValue' || (which === undefined && v.doubleValue !== undefined && v.doubleValue !== null)) value.doubleValue = Number(v.doubleValue);
      else if (which === 'int64Value' || (which === undefined && v.int64Value !== undefined && v.int64Value !== null)) value.int64Value = String(v.int64Value);
      else if (which === 'boolValue' || (which === undefined && v.boolValue !== undefined && v.boolValue !== null)) value.boolValue = Boolean(v.boolValue);
      const endTime = isoOf(point.interval?.endTime);
      const startTime = isoOf(point.interval?.startTime);
      return { interval: { ...(startTime ? { startTime } : {}), ...(endTime ? { endTime } : {}) }, value };
    }),
  };
  return json;
}

function isoOf(value: ProtoTimestamp | null | undefined): string | undefined {
  if (!value || value.seconds === undefined || value.seconds === null) return undefined;
  const seconds = Number(String(value.seconds));
  const millis = seconds * 1000 + Math.floor((value.nanos ?? 0) / 1_000_000);
  return Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
}
