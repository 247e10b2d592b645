import { CloudMonitoringCustomMetricWriter } from '../../../shared/src/adapters/monitoring/cloud-monitoring-custom-metric-writer';
import { PermanentStoreError, TransientStoreError } from '../../../shared/src/core/domain/errors';
import type { CustomMetricValue } from '../../../shared/src/core/metrics/ports';
import { googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

const gcp = offlineGcp({ strictRoutes: true });
const PATH = '/v3/projects/analytics-prod/timeSeries';

function writer(): CloudMonitoringCustomMetricWriter {
  return new CloudMonitoringCustomMetricWriter({ apiEndpoint: gcp.server.host, protocol: 'http', auth: offlineAuthClient(), projectId: 'analytics-prod' });
}

const anomaly: CustomMetricValue = {
  kind: 'anomaly_score',
  pipelineId: 'clickstream-sessionize',
  value: 0.93,
  timestamp: new Date('2026-11-21T06:05:00.250Z'),
  labels: { signal: 'dataflow_system_lag_s' },
};

type CreateBody = { timeSeries: Array<{ metric: { type: string; labels: Record<string, string> }; points: Array<{ interval: { endTime: string } }> }> };

describe('CloudMonitoringCustomMetricWriter', () => {
  it('POSTs /v3/projects/{p}/timeSeries with one GAUGE DOUBLE point per series on the global resource', async () => {
    gcp.server.on('POST', PATH, { json: {} });

    await writer().write([
      anomaly,
      { kind: 'risk_score', pipelineId: 'orders_daily', value: 0.41, timestamp: new Date('2026-11-21T06:05:00Z'), labels: { stage: 'pipeline' } },
      { kind: 'remediation_outcome', pipelineId: 'orders_daily', value: 0, timestamp: new Date('2026-11-21T06:06:00Z'), labels: { strategy: 'retry_bigquery_job', category: 'quota_exceeded' } },
    ]);

    expect(gcp.server.requests).toHaveLength(1);
    const [sent] = gcp.server.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(PATH);
    expect(sent?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    // Enums travel as numbers on the REST transport: GAUGE = 1, DOUBLE = 3.
    expect(sent?.json).toEqual({
      timeSeries: [
        {
          metric: { type: 'custom.googleapis.com/flexiroaster/risk_score', labels: { pipeline_id: 'orders_daily', stage: 'pipeline' } },
          resource: { type: 'global', labels: { project_id: 'analytics-prod' } },
          metricKind: 1,
          valueType: 3,
          points: [{ interval: { endTime: '2026-11-21T06:05:00.000Z' }, value: { doubleValue: 0.41 } }],
        },
        {
          metric: { type: 'custom.googleapis.com/flexiroaster/anomaly_score', labels: { pipeline_id: 'clickstream-sessionize', signal: 'dataflow_system_lag_s' } },
          resource: { type: 'global', labels: { project_id: 'analytics-prod' } },
          metricKind: 1,
          valueType: 3,
          points: [{ interval: { endTime: '2026-11-21T06:05:00.250Z' }, value: { doubleValue: 0.93 } }],
        },
        {
          metric: {
            type: 'custom.googleapis.com/flexiroaster/remediation_outcome',
            labels: { pipeline_id: 'orders_daily', strategy: 'retry_bigquery_job', category: 'quota_exceeded' },
          },
          resource: { type: 'global', labels: { project_id: 'analytics-prod' } },
          metricKind: 1,
          valueType: 3,
          points: [{ interval: { endTime: '2026-11-21T06:06:00.000Z' }, value: { doubleValue: 0 } }],
        },
      ],
    });
  });

  it('sends two points of one series in successive requests, oldest first', async () => {
    gcp.server.on('POST', PATH, { json: {} });

    await writer().write([
      { ...anomaly, value: 0.2, timestamp: new Date('2026-11-21T06:07:00Z') },
      { ...anomaly, value: 0.9, timestamp: new Date('2026-11-21T06:06:00Z') },
    ]);

    const bodies = gcp.server.requests.map((request) => request.json as CreateBody);
    expect(bodies.map((body) => body.timeSeries.map((series) => series.points[0]?.interval.endTime))).toEqual([['2026-11-21T06:06:00.000Z'], ['2026-11-21T06:07:00.000Z']]);
  });

  it('splits more than 200 series into requests of at most 200', async () => {
    gcp.server.on('POST', PATH, { json: {} });
    const many = Array.from({ length: 450 }, (_, index) => ({ ...anomaly, pipelineId: `pipeline-${index}` }));

    await writer().write(many);

    expect(gcp.server.requests.map((request) => (request.json as CreateBody).timeSeries.length)).toEqual([200, 200, 50]);
  });

  it('refuses a label the kind does not declare before calling the API', async () => {
    const error = await writer()
      .write([{ ...anomaly, labels: { job_id: '2026-11-21_06_20_31-9921877310056432001' } }])
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as Error).message).toBe('custom metric anomaly_score: label "job_id" is not declared (allowed: signal)');
    expect(gcp.server.requests).toEqual([]);
  });

  it.each([
    [400, 'INVALID_ARGUMENT', 'One or more TimeSeries could not be written: Points must be written in order.', PermanentStoreError],
    [403, 'PERMISSION_DENIED', 'Permission monitoring.timeSeries.create denied (or the resource may not exist).', PermanentStoreError],
    [429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric Time series ingestion requests.', TransientStoreError],
    [503, 'UNAVAILABLE', 'The service is currently unavailable.', TransientStoreError],
  ])('maps HTTP %i %s to a typed error after one attempt', async (code, status, message, expected) => {
    gcp.server.on('POST', PATH, googleError(code, status, message));

    const error = await writer().write([anomaly]).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(expected);
    expect((error as Error).message).toBe(`monitoring timeSeries.create (1 series) failed: HTTP ${code} ${status}: ${message}`);
    expect(gcp.server.requests).toHaveLength(1);
  });
});
