import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryMetricStore } from '../../shared/src/adapters/bigquery/bigquery-metric-store';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { pointIdOf } from '../../shared/src/core/metrics/metric-rows';
import { googleError } from '../helpers/fake-gcp-server';
import { metricPoint } from '../helpers/metric-points';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const PATH = '/bigquery/v2/projects/analytics-prod/datasets/flexiroaster/tables/pipeline_metrics/insertAll';
type InsertAllBody = { skipInvalidRows: boolean; ignoreUnknownValues: boolean; rows: Array<{ insertId: string; json: Record<string, unknown> }> };

describe('BigQueryMetricStore against the insertAll REST contract', () => {
  const gcp = offlineGcp({ strictRoutes: true });

  function store(batchSize?: number): BigQueryMetricStore {
    const client = createBigQueryClient({ projectId: 'analytics-prod', apiEndpoint: gcp.server.baseUrl, authClient: new FixedTokenAuthClient('offline-token'), maxRetries: 0 });
    return new BigQueryMetricStore({ client, datasetId: 'flexiroaster', clock: { now: () => new Date('2026-11-21T06:10:00.000Z') }, ...(batchSize ? { batchSize } : {}) });
  }

  it('POSTs the points as rows with point_id as insertId, so BigQuery drops a re-read point', async () => {
    gcp.server.on('POST', PATH, { json: { kind: 'bigquery#tableDataInsertAllResponse' } });
    const point = metricPoint();

    await expect(store().savePoints([point])).resolves.toEqual({ inserted: 1, duplicates: 0 });

    const [sent] = gcp.server.requests;
    expect(sent?.headers.authorization).toBe('Bearer offline-token');
    expect(sent?.json).toEqual({
      skipInvalidRows: false,
      ignoreUnknownValues: false,
      rows: [
        {
          insertId: pointIdOf(point),
          json: {
            point_id: pointIdOf(point),
            pipeline_id: 'clickstream-sessionize',
            metric: 'dataflow_system_lag_s',
            metric_type: 'dataflow.googleapis.com/job/system_lag',
            source: 'dataflow',
            scope: 'pipeline',
            timestamp: '2026-11-21T06:01:00.000Z',
            value: 31,
            unit: 's',
            resource_labels: '{"job_name":"clickstream-sessionize","project_id":"analytics-prod"}',
            read_at: '2026-11-21T06:10:00.000Z',
          },
        },
      ],
    });
  });

  it('sends at most batchSize rows per request', async () => {
    gcp.server.on('POST', PATH, { json: { kind: 'bigquery#tableDataInsertAllResponse' } });
    const points = Array.from({ length: 5 }, (_, minute) => metricPoint({ timestamp: `2026-11-21T06:0${minute}:00.000Z` }));

    await store(2).savePoints(points);

    expect(gcp.server.requests.map((request) => (request.json as InsertAllBody).rows.length)).toEqual([2, 2, 1]);
  });

  it.each([
    [400, 'INVALID_ARGUMENT', PermanentStoreError],
    [503, 'UNAVAILABLE', TransientStoreError],
  ])('maps HTTP %i %s to a typed store error', async (code, status, expected) => {
    gcp.server.on('POST', PATH, googleError(code, status, `simulated ${status}`, { reason: code === 400 ? 'invalid' : 'backendError' }));

    await expect(store().savePoints([metricPoint()])).rejects.toBeInstanceOf(expected);
  });
});
