import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQuerySnapshotReader } from '../../shared/src/adapters/bigquery/bigquery-snapshot-reader';
import { TransientStoreError } from '../../shared/src/core/domain/errors';
import { toBigQuerySchema } from '../../shared/src/core/schema/bigquery-json';
import { PIPELINE_RUNS_TABLE } from '../../shared/src/core/schema/tables';
import { googleError, type RecordedRequest, type ScriptedResponse } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const PROJECT = 'ops-prod';
const JOBS_QUERY = `/bigquery/v2/projects/${PROJECT}/queries`;

interface QueryBody {
  query: string;
  queryParameters: Array<{ name: string; parameterType: { type: string }; parameterValue: { value?: unknown } }>;
}

const micros = (iso: string) => `${Date.parse(iso)}000`;

function runRow(runId: string, status: string, startedAt: string, endedAt: string): { f: Array<{ v: unknown }> } {
  const values: Record<string, unknown> = {
    run_key: `k-${runId}`, source: 'dataflow', pipeline_id: 'events-enrichment', run_id: runId, status, status_at: micros(endedAt),
    first_event_at: micros(startedAt), last_event_at: micros(endedAt), started_at: micros(startedAt), ended_at: micros(endedAt),
    duration_ms: String(Date.parse(endedAt) - Date.parse(startedAt)), bytes_processed: null, bytes_billed: null, slot_ms: null,
    output_rows: null, output_bytes: null, retries: '1', failed_stages: [{ v: 'S04' }], error_signatures: [], updated_at: micros(endedAt),
  };
  return { f: PIPELINE_RUNS_TABLE.fields.map((field) => ({ v: values[field.name] ?? null })) };
}

/** Answers each of the reader's queries by what it selects, as jobs.query does for a finished query. */
function answer(request: RecordedRequest): ScriptedResponse {
  const { query } = request.json as QueryBody;
  const done = { jobComplete: true, jobReference: { projectId: PROJECT, jobId: 'j' } };
  if (query.startsWith('SELECT * FROM `pipeline_runs`')) {
    return { json: { ...done, schema: { fields: toBigQuerySchema(PIPELINE_RUNS_TABLE) }, totalRows: '1', rows: [runRow('2026-11-21_03_00_00-1', 'failed', '2026-11-21T03:00:00Z', '2026-11-21T03:40:00Z')] } };
  }
  if (query.includes('MAX(ended_at)')) return { json: { ...done, schema: { fields: [{ name: 'at', type: 'STRING' }] }, totalRows: '1', rows: [{ f: [{ v: '2026-11-20T03:41:00.000Z' }] }] } };
  if (query.includes('`pipeline_metrics`')) {
    return { json: { ...done, schema: { fields: [{ name: 'cpu', type: 'FLOAT' }, { name: 'memory', type: 'FLOAT' }] }, totalRows: '1', rows: [{ f: [{ v: '87.25' }, { v: null }] }] } };
  }
  return { json: { ...done, schema: { fields: [] }, totalRows: '0' } };
}

describe('BigQuerySnapshotReader against the jobs.query REST contract', () => {
  const gcp = offlineGcp({ strictRoutes: true });
  const reader = () =>
    new BigQuerySnapshotReader({
      client: createBigQueryClient({ projectId: PROJECT, apiEndpoint: gcp.server.baseUrl, authClient: new FixedTokenAuthClient('t'), maxRetries: 0 }),
      datasetId: 'flexiroaster',
      location: 'EU',
    });

  it('reads runs, last success, anomalies, open remediation and CPU with the window as TIMESTAMP parameters', async () => {
    gcp.server.on('POST', JOBS_QUERY, answer);
    const input = await reader().readSnapshotInput('events-enrichment', '2026-11-14T12:00:00.000Z', '2026-11-21T12:00:00.000Z');
    expect(input?.runs).toEqual([expect.objectContaining({ runId: '2026-11-21_03_00_00-1', status: 'failed', durationMs: 40 * 60_000, retries: 1, failedStages: ['S04'] })]);
    expect(input?.lastSuccessAt).toBe('2026-11-20T03:41:00.000Z');
    expect(input?.resources).toEqual({ cpuPercent: 87.3, memoryPercent: null, reasons: [expect.stringMatching(/no memory utilization series for events-enrichment/)] });
    const queries = gcp.server.requestsTo('POST', JOBS_QUERY).map((request) => request.json as QueryBody);
    expect(queries.map((body) => /FROM `(\w+)`/.exec(body.query)?.[1])).toEqual(['pipeline_runs', 'pipeline_runs', 'anomalies', 'remediation_actions', 'pipeline_metrics']);
    // Each query filters the table's partitioning column with the window, so BigQuery prunes partitions.
    expect(queries[0]?.query).toContain('started_at > @since');
    expect(queries[2]?.query).toContain('detected_at > @since');
    expect(queries[3]?.query).toMatch(/QUALIFY ROW_NUMBER\(\) OVER \(PARTITION BY action_key ORDER BY recorded_at DESC\) = 1 AND settled_at IS NULL/);
    const since = queries[0]?.queryParameters.find((parameter) => parameter.name === 'since');
    expect(since?.parameterType.type).toBe('TIMESTAMP');
    expect(String(since?.parameterValue.value)).toMatch(/^2026-11-14[T ]12:00:00/);
  });

  it('returns null for a pipeline with no runs and no success', async () => {
    gcp.server.on('POST', JOBS_QUERY, { json: { jobComplete: true, jobReference: { projectId: PROJECT, jobId: 'j' }, schema: { fields: [] }, totalRows: '0' } });
    expect(await reader().readSnapshotInput('nope', '2026-11-14T12:00:00.000Z', '2026-11-21T12:00:00.000Z')).toBeNull();
  });

  it('reports an outage as a transient store error', async () => {
    gcp.server.on('POST', JOBS_QUERY, googleError(503, 'UNAVAILABLE', 'backend', { reason: 'backendError' }));
    await expect(reader().listPipelines('2026-11-21T12:00:00.000Z')).rejects.toThrow(TransientStoreError);
  });
});
