import { MetricServiceClient } from '@google-cloud/monitoring';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import { CUSTOM_METRIC_LABELS, CUSTOM_METRIC_PREFIX, type CustomMetricValue, type CustomMetricWriter } from '../../core/metrics/ports';
import { describeApiError, formatFailure } from '../executors/api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from '../executors/google-client-settings';

export interface CloudMonitoringCustomMetricWriterOptions extends GoogleApiSettings {
  projectId: string;
}

/** Cloud Monitoring accepts at most 200 time series per createTimeSeries request. */
const MAX_SERIES_PER_REQUEST = 200;

type CreateRequest = Parameters<MetricServiceClient['createTimeSeries']>[0];
type Series = NonNullable<NonNullable<CreateRequest>['timeSeries']>[number];

/**
 * CustomMetricWriter on Cloud Monitoring: projects.timeSeries.create (POST /v3/projects/{p}/timeSeries)
 * with one GAUGE DOUBLE point per series on the `global` resource, metric type
 * custom.googleapis.com/flexiroaster/{kind}. A request may not name the same series twice, so values
 * of one series go out in successive requests, oldest first (Cloud Monitoring also refuses a point
 * older than the series' last one). One attempt: the write is not idempotent, and a missed score is
 * rewritten by the next tick. Labels outside the kind's declared set are refused before any call.
 */
export class CloudMonitoringCustomMetricWriter implements CustomMetricWriter {
  private readonly client: GaxClient<MetricServiceClient>;

  constructor(private readonly options: CloudMonitoringCustomMetricWriterOptions) {
    this.client = new GaxClient(() => new MetricServiceClient(gaxRestOptions<ConstructorParameters<typeof MetricServiceClient>[0]>(options)));
  }

  async write(values: readonly CustomMetricValue[]): Promise<void> {
    const series = values.map((value) => this.toSeries(value));
    for (const batch of requestBatches(series)) {
      try {
        const client = await this.client.ready();
        await withDeadline(client.createTimeSeries({ name: `projects/${this.options.projectId}`, timeSeries: batch }, gaxCallOptions(this.options)), this.options);
      } catch (error) {
        const failure = describeApiError(error);
        const message = formatFailure(`monitoring timeSeries.create (${batch.length} series)`, failure);
        throw failure.retryable ? new TransientStoreError(message, { cause: error }) : new PermanentStoreError(message, [], { cause: error });
      }
    }
  }

  private toSeries(value: CustomMetricValue): Series {
    const declared = CUSTOM_METRIC_LABELS[value.kind];
    const labels: Record<string, string> = { pipeline_id: value.pipelineId };
    for (const [key, label] of Object.entries(value.labels ?? {})) {
      if (!declared.includes(key) || key === 'pipeline_id') {
        throw new PermanentStoreError(`custom metric ${value.kind}: label "${key}" is not declared (allowed: ${declared.filter((k) => k !== 'pipeline_id').join(', ')})`);
      }
      labels[key] = label;
    }
    const millis = value.timestamp.getTime();
    if (!Number.isFinite(millis)) throw new PermanentStoreError(`custom metric ${value.kind} for ${value.pipelineId}: timestamp is not a valid date`);
    if (!Number.isFinite(value.value)) throw new PermanentStoreError(`custom metric ${value.kind} for ${value.pipelineId}: value ${value.value} is not finite`);
    return {
      metric: { type: `${CUSTOM_METRIC_PREFIX}${value.kind}`, labels },
      resource: { type: 'global', labels: { project_id: this.options.projectId } },
      metricKind: 'GAUGE',
      valueType: 'DOUBLE',
      points: [{ interval: { endTime: { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 } }, value: { doubleValue: value.value } }],
    };
  }
}

/** Requests of at most 200 series, none naming one series twice, oldest points first. */
function requestBatches(series: Series[]): Series[][] {
  const ordered = [...series].sort((a, b) => endSeconds(a) - endSeconds(b));
  const batches: Array<{ series: Series[]; keys: Set<string> }> = [];
  const lastBatchOf = new Map<string, number>();
  for (const item of ordered) {
    const key = JSON.stringify([item.metric?.type, Object.entries(item.metric?.labels ?? {}).sort()]);
    // After the batch that holds this series' previous point, so its points stay in time order.
    let index = (lastBatchOf.get(key) ?? -1) + 1;
    while (index < batches.length && (batches[index]?.series.length ?? 0) >= MAX_SERIES_PER_REQUEST) index += 1;
    if (index === batches.length) batches.push({ series: [], keys: new Set() });
    const batch = batches[index] as { series: Series[]; keys: Set<string> };
    batch.series.push(item);
    batch.keys.add(key);
    lastBatchOf.set(key, index);
  }
  return batches.map((batch) => batch.series);
}

function endSeconds(series: Series): number {
  const end = series.points?.[0]?.interval?.endTime;
  return Number(end?.seconds ?? 0) + Number(end?.nanos ?? 0) / 1e9;
}
