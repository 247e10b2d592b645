import { CloudMonitoringMetricSource } from '../../../shared/src/adapters/monitoring/cloud-monitoring-metric-source';
import { PermanentStoreError, TransientStoreError } from '../../../shared/src/core/domain/errors';
import { DEFAULT_METRIC_QUERIES, type MetricQuery } from '../../../shared/src/core/metrics/metric-catalog';
import { googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

const gcp = offlineGcp({ strictRoutes: true });
const PATH = '/v3/projects/analytics-prod/timeSeries';
const WINDOW = { start: '2026-11-21T06:00:00.000Z', end: '2026-11-21T06:10:00.000Z' };

function query(name: string): MetricQuery {
  const found = DEFAULT_METRIC_QUERIES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no query ${name}`);
  return found;
}

let sleeps: number[] = [];
function source(overrides: Partial<ConstructorParameters<typeof CloudMonitoringMetricSource>[0]> = {}): CloudMonitoringMetricSource {
  return new CloudMonitoringMetricSource({
    apiEndpoint: gcp.server.host,
    protocol: 'http',
    auth: offlineAuthClient(),
    projectId: 'analytics-prod',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

beforeEach(() => {
  sleeps = [];
});

/** A reduced dataflow_job series as listTimeSeries returns it (newest point first). */
function systemLagSeries(jobName: string, points: Array<[string, string]>) {
  return {
    metric: { type: 'dataflow.googleapis.com/job/system_lag' },
    resource: { type: 'dataflow_job', labels: { project_id: 'analytics-prod', job_name: jobName } },
    metricKind: 'GAUGE',
    valueType: 'INT64',
    points: points.map(([end, value]) => ({ interval: { startTime: end, endTime: end }, value: { int64Value: value } })),
  };
}

describe('CloudMonitoringMetricSource', () => {
  it('sends GET /v3/projects/{p}/timeSeries with the filter, window and server-side aggregation, and maps job_name to the pipeline', async () => {
    gcp.server.on('GET', PATH, {
      json: { timeSeries: [systemLagSeries('clickstream-sessionize', [['2026-11-21T06:02:00Z', '45'], ['2026-11-21T06:01:00Z', '31']])], unit: 's' },
    });

    const result = await source().read(query('dataflow_system_lag_s'), WINDOW);

    expect(gcp.server.requests).toHaveLength(1);
    const [sent] = gcp.server.requests;
    expect(sent?.method).toBe('GET');
    expect(sent?.path).toBe(PATH);
    expect(sent?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    // The REST transport sends enums as numbers: ALIGN_MAX = 11, REDUCE_MAX = 3, view FULL = 0.
    expect(Object.fromEntries(sent?.query ?? [])).toEqual({
      $alt: 'json;enum-encoding=int',
      filter: 'metric.type = "dataflow.googleapis.com/job/system_lag" AND resource.type = "dataflow_job"',
      'interval.startTime': '2026-11-21T06:00:00.000Z',
      'interval.endTime': '2026-11-21T06:10:00.000Z',
      'aggregation.alignmentPeriod': '60s',
      'aggregation.perSeriesAligner': '11',
      'aggregation.crossSeriesReducer': '3',
      'aggregation.groupByFields': 'resource.label.job_name',
      view: '0',
      pageSize: '1000',
      pageToken: '',
    });
    expect(result.skipped).toEqual([]);
    expect(result.points).toEqual([
      {
        pipelineId: 'clickstream-sessionize',
        metric: 'dataflow_system_lag_s',
        metricType: 'dataflow.googleapis.com/job/system_lag',
        source: 'dataflow',
        scope: 'pipeline',
        timestamp: '2026-11-21T06:01:00.000Z',
        value: 31,
        unit: 's',
        resourceLabels: { project_id: 'analytics-prod', job_name: 'clickstream-sessionize' },
      },
      expect.objectContaining({ pipelineId: 'clickstream-sessionize', timestamp: '2026-11-21T06:02:00.000Z', value: 45 }),
    ]);
  });

  it('asks for a rate summed over the worker pods for Composer CPU, and scales Dataflow utilisation to percent', async () => {
    gcp.server.on('GET', PATH, (request) => {
      const cpu = request.query.get('filter')?.includes('workload/cpu/usage_time');
      return {
        json: {
          timeSeries: [
            cpu
              ? {
                  metric: { type: 'composer.googleapis.com/workload/cpu/usage_time' },
                  resource: { type: 'cloud_composer_workload', labels: { project_id: 'analytics-prod', environment_name: 'prod-composer-2' } },
                  points: [{ interval: { startTime: '2026-11-21T06:00:00Z', endTime: '2026-11-21T06:01:00Z' }, value: { doubleValue: 1.75 } }],
                }
              : {
                  metric: { type: 'dataflow.googleapis.com/job/aggregated_worker_utilization' },
                  resource: { type: 'dataflow_job', labels: { project_id: 'analytics-prod', job_name: 'orders-backfill-batch' } },
                  points: [{ interval: { endTime: '2026-11-21T06:01:00Z' }, value: { doubleValue: 0.87 } }],
                },
          ],
        },
      };
    });

    const cpu = await source().read(query('composer_worker_cpu_cores'), WINDOW);
    const utilisation = await source().read(query('dataflow_cpu_utilization_pct'), WINDOW);

    const sent = gcp.server.requests[0];
    expect(sent?.query.get('filter')).toBe(
      'metric.type = "composer.googleapis.com/workload/cpu/usage_time" AND resource.type = "cloud_composer_workload" AND resource.labels.workload_name = starts_with("airflow-worker")',
    );
    // ALIGN_RATE = 2, REDUCE_SUM = 4.
    expect(sent?.query.get('aggregation.perSeriesAligner')).toBe('2');
    expect(sent?.query.get('aggregation.crossSeriesReducer')).toBe('4');
    expect(sent?.query.get('aggregation.groupByFields')).toBe('resource.label.environment_name');
    expect(cpu.points.map((p) => [p.pipelineId, p.scope, p.value])).toEqual([['prod-composer-2', 'environment', 1.75]]);
    expect(utilisation.points.map((p) => [p.pipelineId, p.metric, p.value])).toEqual([['orders-backfill-batch', 'dataflow_cpu_utilization_pct', 87]]);
  });

  it('follows nextPageToken until a page has none, keeping every page\'s points', async () => {
    gcp.server.on('GET', PATH, (request) => {
      if (request.query.get('pageToken') === '') {
        return { json: { timeSeries: [systemLagSeries('events-enrichment-stream', [['2026-11-21T06:01:00Z', '12']])], nextPageToken: 'page-2' } };
      }
      if (request.query.get('pageToken') === 'page-2') {
        return { json: { timeSeries: [systemLagSeries('clickstream-sessionize', [['2026-11-21T06:01:00Z', '30']])], nextPageToken: 'page-3' } };
      }
      return { json: { timeSeries: [systemLagSeries('orders-backfill-batch', [['2026-11-21T06:01:00Z', '5']])] } };
    });

    const result = await source().read(query('dataflow_system_lag_s'), WINDOW);

    expect(gcp.server.requests.map((r) => r.query.get('pageToken'))).toEqual(['', 'page-2', 'page-3']);
    expect(gcp.server.requests.map((r) => r.query.get('filter'))).toEqual(Array(3).fill(gcp.server.requests[0]?.query.get('filter')));
    expect(result.points.map((p) => [p.pipelineId, p.value])).toEqual([
      ['events-enrichment-stream', 12],
      ['clickstream-sessionize', 30],
      ['orders-backfill-batch', 5],
    ]);
  });

  it('reports a series without the pipeline label and a point without a number as skipped, keeping the rest', async () => {
    gcp.server.on('GET', PATH, {
      json: {
        timeSeries: [
          { metric: { type: 'dataflow.googleapis.com/job/system_lag' }, resource: { type: 'dataflow_job', labels: { project_id: 'analytics-prod' } }, points: [] },
          systemLagSeries('clickstream-sessionize', [['2026-11-21T06:01:00Z', '30']]),
        ],
      },
    });

    const result = await source().read(query('dataflow_system_lag_s'), WINDOW);

    expect(result.points.map((p) => p.pipelineId)).toEqual(['clickstream-sessionize']);
    expect(result.skipped).toEqual([{ reason: 'no_pipeline_label', detail: 'dataflow.googleapis.com/job/system_lag: series without resource label job_name (0 points)' }]);
  });

  it.each([
    [429, 'RESOURCE_EXHAUSTED'],
    [503, 'UNAVAILABLE'],
  ])('retries a page after HTTP %i %s with backoff and then succeeds', async (code, status) => {
    gcp.server.on('GET', PATH, googleError(code, status, `simulated ${status}`), 1);
    gcp.server.on('GET', PATH, { json: { timeSeries: [systemLagSeries('clickstream-sessionize', [['2026-11-21T06:01:00Z', '30']])] } });

    const result = await source().read(query('dataflow_system_lag_s'), WINDOW);

    expect(gcp.server.requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
    expect(result.points).toHaveLength(1);
  });

  it('gives up after maxAttempts transient failures with a TransientStoreError naming the call', async () => {
    gcp.server.on('GET', PATH, googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.'));

    const error = await source({ maxAttempts: 3 }).read(query('dataflow_system_lag_s'), WINDOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TransientStoreError);
    expect((error as Error).message).toBe(
      'monitoring timeSeries.list dataflow.googleapis.com/job/system_lag failed: HTTP 503 UNAVAILABLE: The service is currently unavailable. (after 3 attempts)',
    );
    expect(gcp.server.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it.each([
    [400, 'INVALID_ARGUMENT', 'Field filter had an invalid value of "metric.type = ": Could not parse filter.'],
    [403, 'PERMISSION_DENIED', "Permission monitoring.timeSeries.list denied (or the resource may not exist)."],
    [404, 'NOT_FOUND', 'Requested entity was not found.'],
  ])('throws PermanentStoreError on HTTP %i %s after a single attempt', async (code, status, message) => {
    gcp.server.on('GET', PATH, googleError(code, status, message));

    const error = await source().read(query('dataflow_system_lag_s'), WINDOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as Error).message).toBe(`monitoring timeSeries.list dataflow.googleapis.com/job/system_lag failed: HTTP ${code} ${status}: ${message}`);
    expect(gcp.server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});
