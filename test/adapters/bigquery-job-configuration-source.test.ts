import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryJobConfigurationSource, rerunConfiguration } from '../../shared/src/adapters/bigquery/bigquery-job-configuration-source';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { FakeGcpServer, googleError } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const CLIENT_PROJECT = 'flexiroaster-ops';
const JOB_PATH = '/bigquery/v2/projects/acme-data/jobs/bquxjob_1a2b3c';
const JOB = { projectId: 'acme-data', location: 'europe-west2', jobId: 'bquxjob_1a2b3c' };

/** A failed query job as jobs.get returns it, including what BigQuery filled in itself. */
const QUERY_JOB = {
  kind: 'bigquery#job',
  etag: 'kTQn1YCv0ZqL2s9SPl7Z4g==',
  id: 'acme-data:europe-west2.bquxjob_1a2b3c',
  selfLink: 'https://bigquery.googleapis.com/bigquery/v2/projects/acme-data/jobs/bquxjob_1a2b3c?location=europe-west2',
  user_email: 'loader@acme-data.iam.gserviceaccount.com',
  configuration: {
    query: {
      query: 'SELECT order_id, SUM(amount) AS total FROM `acme-data.sales.orders` GROUP BY order_id',
      destinationTable: { projectId: 'acme-data', datasetId: '_8b0f3c5d1e2a4f6b9c7d0e1f2a3b4c5d6e7f8091', tableId: 'anon4f1c2d3e5b6a7980' },
      writeDisposition: 'WRITE_TRUNCATE',
      createDisposition: 'CREATE_IF_NEEDED',
      priority: 'INTERACTIVE',
      useLegacySql: false,
      queryParameters: [],
    },
    jobType: 'QUERY',
    dryRun: false,
    jobTimeoutMs: '3600000',
    labels: { team: 'sales', dag_id: 'orders_daily' },
  },
  jobReference: { projectId: 'acme-data', jobId: 'bquxjob_1a2b3c', location: 'europe-west2' },
  statistics: { creationTime: '1714557600000', startTime: '1714557600100', endTime: '1714557610000' },
  status: { errorResult: { reason: 'backendError', message: 'Backend error. Job aborted.' }, errors: [{ reason: 'backendError', message: 'Backend error. Job aborted.' }], state: 'DONE' },
};

describe('BigQueryJobConfigurationSource against the jobs.get REST contract', () => {
  let server: FakeGcpServer;
  const gcp = offlineGcp();
  let auth: FixedTokenAuthClient;
  let source: BigQueryJobConfigurationSource;

  beforeAll(() => {
    server = gcp.server;
  });
  beforeEach(() => {
    auth = new FixedTokenAuthClient('offline-token');
    source = new BigQueryJobConfigurationSource({ client: createBigQueryClient({ projectId: CLIENT_PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 }) });
  });
  afterEach(() => {
    expect(auth.refreshAttempts).toBe(0);
  });

  it('reads the original job for a rerun: configuration, statement type and referenced tables from statistics.query, user_email as the principal', async () => {
    const statistics = { ...QUERY_JOB.statistics, query: { statementType: 'SELECT', referencedTables: [{ projectId: 'acme-data', datasetId: 'sales', tableId: 'orders' }] } };
    server.on('GET', JOB_PATH, { json: { ...QUERY_JOB, statistics } });
    const original = await source.originalJob(JOB);
    expect(original).toEqual({
      configuration: expect.objectContaining({ query: expect.objectContaining({ query: QUERY_JOB.configuration.query.query }) }),
      statementType: 'SELECT',
      referencedTables: ['acme-data.sales.orders'],
      principal: 'loader@acme-data.iam.gserviceaccount.com',
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${JOB_PATH}`]);
  });

  it("GETs projects/{the job's project}/jobs/{jobId}?location=L and returns what a rerun needs", async () => {
    server.on('GET', JOB_PATH, { json: QUERY_JOB });

    const configuration = await source.jobConfiguration(JOB);

    expect(configuration).toEqual({
      query: {
        query: 'SELECT order_id, SUM(amount) AS total FROM `acme-data.sales.orders` GROUP BY order_id',
        priority: 'INTERACTIVE',
        useLegacySql: false,
        queryParameters: [],
      },
      jobTimeoutMs: '3600000',
      labels: { team: 'sales', dag_id: 'orders_daily' },
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe(JOB_PATH);
    expect(request?.query.get('location')).toBe('europe-west2');
    expect(request?.headers.authorization).toBe('Bearer offline-token');
    expect(request?.bodyText).toBe('');
    expect(server.unmatched).toEqual([]);
  });

  it('sends no location parameter when the event named none', async () => {
    server.on('GET', JOB_PATH, { json: QUERY_JOB });
    await source.jobConfiguration({ projectId: 'acme-data', jobId: 'bquxjob_1a2b3c' });
    expect(server.requests[0]?.query.has('location')).toBe(false);
  });

  it('keeps a destination the owner chose, with its dispositions', async () => {
    const query = { ...QUERY_JOB.configuration.query, destinationTable: { projectId: 'acme-data', datasetId: 'reporting', tableId: 'daily_totals' }, writeDisposition: 'WRITE_APPEND' };
    server.on('GET', JOB_PATH, { json: { ...QUERY_JOB, configuration: { ...QUERY_JOB.configuration, query } } });
    expect((await source.jobConfiguration(JOB))?.query).toEqual(query);
  });

  it('returns a load job configuration whole, with its labels and reservation', async () => {
    const load = {
      sourceUris: ['gs://acme-landing/orders/2024-05-01/*.parquet'],
      sourceFormat: 'PARQUET',
      destinationTable: { projectId: 'acme-data', datasetId: 'sales', tableId: 'orders$20240501' },
      writeDisposition: 'WRITE_TRUNCATE',
    };
    const reservation = 'projects/acme-admin/locations/europe-west2/reservations/batch';
    server.on('GET', JOB_PATH, { json: { ...QUERY_JOB, configuration: { load, jobType: 'LOAD', labels: { team: 'sales' }, reservation } } });
    expect(await source.jobConfiguration(JOB)).toEqual({ load, labels: { team: 'sales' }, reservation });
  });

  it('returns null when the job is not found (gone after six months, or another location)', async () => {
    server.on('GET', JOB_PATH, googleError(404, 'NOT_FOUND', 'Not found: Job acme-data:europe-west2.bquxjob_1a2b3c', { reason: 'notFound' }));
    await expect(source.jobConfiguration(JOB)).resolves.toBeNull();
    expect(server.requests).toHaveLength(1);
  });

  it('returns null without a call for an id that cannot name a job', async () => {
    await expect(source.jobConfiguration({ ...JOB, jobId: '../../datasets/x' })).resolves.toBeNull();
    await expect(source.jobConfiguration({ ...JOB, projectId: 'acme/data' })).resolves.toBeNull();
    await expect(source.jobConfiguration({ ...JOB, location: 'eu?x=1' })).resolves.toBeNull();
    expect(server.requests).toEqual([]);
  });

  it.each([
    [429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded'],
    [500, 'INTERNAL', 'internalError'],
    [503, 'UNAVAILABLE', 'backendError'],
    [403, 'PERMISSION_DENIED', 'rateLimitExceeded'],
  ])('throws TransientStoreError for HTTP %i %s (%s) after one request', async (status, name, reason) => {
    server.on('GET', JOB_PATH, googleError(status, name, `scripted ${reason}`, { reason }));
    const error = await source.jobConfiguration(JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientStoreError);
    expect((error as Error).message).toContain(`bigquery jobs.get acme-data:europe-west2.bquxjob_1a2b3c failed: HTTP ${status}`);
    expect(server.requests).toHaveLength(1);
  });

  it('throws PermanentStoreError when the service account may not read the job (403 accessDenied)', async () => {
    server.on('GET', JOB_PATH, googleError(403, 'PERMISSION_DENIED', 'Access Denied: Job acme-data:europe-west2.bquxjob_1a2b3c', { reason: 'accessDenied' }));
    const error = await source.jobConfiguration(JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'bquxjob_1a2b3c', reason: 'accessDenied', message: 'Access Denied: Job acme-data:europe-west2.bquxjob_1a2b3c' }]);
  });

  it('throws TransientStoreError when the connection drops or no answer comes in time', async () => {
    server.on('GET', JOB_PATH, { dropConnection: true }, 1).on('GET', JOB_PATH, { delayMs: 400, json: QUERY_JOB });
    await expect(source.jobConfiguration(JOB)).rejects.toBeInstanceOf(TransientStoreError);
    const client = createBigQueryClient({ projectId: CLIENT_PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 });
    const late = await new BigQueryJobConfigurationSource({ client, timeoutMs: 100 }).jobConfiguration(JOB).catch((caught: unknown) => caught);
    expect(late).toBeInstanceOf(TransientStoreError);
  });
});

describe('rerunConfiguration', () => {
  it('drops dryRun, jobType, maxSlots and unknown fields', () => {
    expect(rerunConfiguration({ copy: { sourceTable: { tableId: 'a' } }, dryRun: true, jobType: 'COPY', maxSlots: 100, somethingNew: 1 })).toEqual({ copy: { sourceTable: { tableId: 'a' } } });
  });

  it('is null without exactly one job kind', () => {
    expect(rerunConfiguration(undefined)).toBeNull();
    expect(rerunConfiguration({ jobType: 'UNKNOWN' })).toBeNull();
    expect(rerunConfiguration({ query: { query: 'SELECT 1' }, load: { sourceUris: [] } })).toBeNull();
  });

  it('returns an extract configuration unchanged', () => {
    const extract = { sourceTable: { projectId: 'p', datasetId: 'd', tableId: 't' }, destinationUris: ['gs://b/t-*.avro'], destinationFormat: 'AVRO' };
    expect(rerunConfiguration({ extract, jobType: 'EXTRACT' })).toEqual({ extract });
  });
});
