import { BigQueryJobExecutor, labelValue } from '../../../shared/src/adapters/executors/bigquery-job-executor';
import type { ActionOf } from '../../../shared/src/core/remediation/actions';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let executor: BigQueryJobExecutor;

beforeAll(() => {
  server = gcp.server;
  executor = new BigQueryJobExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
});

const JOBS_PATH = '/bigquery/v2/projects/analytics-prod/jobs';
const NEW_JOB_ID = 'flexiroaster_rerun_3f9c2a71d4e8';

const action: ActionOf<'bigquery.rerun_job'> = {
  kind: 'bigquery.rerun_job',
  projectId: 'analytics-prod',
  location: 'EU',
  originalJobId: 'bquxjob_5e1f2a3B_19a4c6d7e8f',
  newJobId: NEW_JOB_ID,
  configuration: {
    query: {
      query: 'INSERT INTO `analytics-prod.sales.daily_totals` SELECT day, SUM(amount) FROM `analytics-prod.sales.orders` GROUP BY day',
      useLegacySql: false,
      priority: 'INTERACTIVE',
    },
    labels: { team: 'sales-data' },
  },
  labels: { 'flexiroaster-action': 'retry' },
};

function insertedJob() {
  return {
    kind: 'bigquery#job',
    etag: 'k7cE4GBHt1X0pXnIbQyG0Q==',
    id: `analytics-prod:EU.${NEW_JOB_ID}`,
    selfLink: `https://bigquery.googleapis.com/bigquery/v2/projects/analytics-prod/jobs/${NEW_JOB_ID}?location=EU`,
    user_email: 'remediate@analytics-prod.iam.gserviceaccount.com',
    configuration: { ...action.configuration, jobType: 'QUERY' },
    jobReference: { projectId: 'analytics-prod', jobId: NEW_JOB_ID, location: 'EU' },
    statistics: { creationTime: '1763694002123', startTime: '1763694002311' },
    status: { state: 'RUNNING' },
    principal_subject: 'serviceAccount:remediate@analytics-prod.iam.gserviceaccount.com',
  };
}

describe('BigQueryJobExecutor (bigquery.rerun_job)', () => {
  it('inserts the original configuration under the new job id with the lineage label', async () => {
    server.on('POST', JOBS_PATH, { json: insertedJob() });

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'submitted',
      externalId: NEW_JOB_ID,
      detail: expect.stringContaining('(state RUNNING)'),
      retryable: false,
      httpStatus: 200,
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(JOBS_PATH);
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    // Sent by @google-cloud/bigquery itself (BigQuery#createJob), not a hand-built request.
    expect(request?.headers['user-agent']).toMatch(/^gcloud-node-bigquery\//);
    expect(request?.json).toEqual({
      jobReference: { projectId: 'analytics-prod', jobId: NEW_JOB_ID, location: 'EU' },
      configuration: {
        query: action.configuration.query,
        labels: {
          team: 'sales-data',
          'flexiroaster-action': 'retry',
          'flexiroaster-rerun-of': 'bquxjob_5e1f2a3b_19a4c6d7e8f',
        },
      },
    });
  });

  it('treats 409 duplicate as already submitted, because the job id is the idempotency key', async () => {
    const message = `Already Exists: Job analytics-prod:EU.${NEW_JOB_ID}`;
    server.on('POST', JOBS_PATH, googleError(409, 'ALREADY_EXISTS', message, { reason: 'duplicate' }));

    const result = await executor.execute(action);

    expect(result.status).toBe('submitted');
    expect(result.externalId).toBe(NEW_JOB_ID);
    expect(result.retryable).toBe(false);
    expect(result.httpStatus).toBe(409);
    expect(result.detail).toMatch(/already exists/);
  });

  it('reports 403 accessDenied as a permanent failure and keeps the API message', async () => {
    const message =
      'Access Denied: Project analytics-prod: User does not have bigquery.jobs.create permission in project analytics-prod.';
    server.on('POST', JOBS_PATH, googleError(403, 'PERMISSION_DENIED', message, { reason: 'accessDenied' }));

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'failed',
      detail: `bigquery jobs.insert analytics-prod:EU.${NEW_JOB_ID} failed: HTTP 403 PERMISSION_DENIED (accessDenied): ${message}`,
      retryable: false,
      httpStatus: 403,
    });
  });

  it.each([
    [400, 'INVALID_ARGUMENT', 'invalid', false],
    [404, 'NOT_FOUND', 'notFound', false],
    [403, 'PERMISSION_DENIED', 'rateLimitExceeded', true],
    [429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', true],
    [503, 'UNAVAILABLE', 'backendError', true],
    [504, 'DEADLINE_EXCEEDED', 'backendError', true],
  ])('maps HTTP %i %s (%s) to retryable=%s after a single attempt', async (code, status, reason, retryable) => {
    server.on('POST', JOBS_PATH, googleError(code, status, `simulated ${reason}`, { reason }));

    const result = await executor.execute(action);

    expect(result.status).toBe('failed');
    expect(result.retryable).toBe(retryable);
    expect(result.httpStatus).toBe(code);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a job that was created but finished with errors at once, keeping its id', async () => {
    server.on('POST', JOBS_PATH, {
      json: {
        ...insertedJob(),
        status: {
          state: 'DONE',
          errorResult: { reason: 'invalidQuery', location: 'query', message: 'Unrecognized name: amount at [1:70]' },
          errors: [{ reason: 'invalidQuery', location: 'query', message: 'Unrecognized name: amount at [1:70]' }],
        },
      },
    });

    const result = await executor.execute(action);

    expect(result.status).toBe('failed');
    expect(result.externalId).toBe(NEW_JOB_ID);
    expect(result.retryable).toBe(false);
    expect(result.detail).toContain('Unrecognized name: amount');
  });

  it('accepts a job whose status lists non-fatal errors without an errorResult', async () => {
    server.on('POST', JOBS_PATH, {
      json: { ...insertedJob(), status: { state: 'RUNNING', errors: [{ reason: 'invalid', message: 'Row 7 skipped (maxBadRecords)' }] } },
    });

    const result = await executor.execute(action);

    expect(result).toMatchObject({ status: 'submitted', externalId: NEW_JOB_ID, retryable: false, httpStatus: 200 });
  });

  it('sends each action to its own project (the project is the client\'s, so one client per project)', async () => {
    server.on('POST', /^\/bigquery\/v2\/projects\/[^/]+\/jobs$/, (request) => ({
      json: { ...insertedJob(), jobReference: (request.json as { jobReference: unknown }).jobReference },
    }));

    await executor.execute(action);
    await executor.execute({ ...action, projectId: 'billing-prod', location: 'us-central1' });

    expect(server.requests.map((request) => [request.path, (request.json as { jobReference: unknown }).jobReference])).toEqual([
      [JOBS_PATH, { projectId: 'analytics-prod', jobId: NEW_JOB_ID, location: 'EU' }],
      ['/bigquery/v2/projects/billing-prod/jobs', { projectId: 'billing-prod', jobId: NEW_JOB_ID, location: 'us-central1' }],
    ]);
  });

  it('gives up at the deadline and reports it as retryable (a retry is safe: the same job id gets 409)', async () => {
    const impatient = new BigQueryJobExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient(), timeoutMs: 100 });
    server.on('POST', JOBS_PATH, { delayMs: 1_000, json: insertedJob() });

    const result = await impatient.execute(action);

    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect(result.detail).toMatch(/DEADLINE_EXCEEDED/);
  });

  it('refuses an invalid job id or configuration without calling the API', async () => {
    expect((await executor.execute({ ...action, newJobId: 'has spaces' })).detail).toMatch(/^invalid action/);
    expect((await executor.execute({ ...action, configuration: { labels: {} } })).detail).toMatch(/exactly one of/);
    expect((await executor.execute({ ...action, projectId: 'analytics-prod/datasets' })).detail).toMatch(/not a valid project id/);
    expect(server.requests).toHaveLength(0);
  });

  it('folds job ids into valid label values and keeps long ones unique', () => {
    expect(labelValue('bquxjob_ABC:def')).toBe('bquxjob_abc_def');
    const long = labelValue(`script_job_${'x'.repeat(80)}`);
    expect(long).toHaveLength(63);
    expect(long).not.toBe(labelValue(`script_job_${'x'.repeat(79)}y`));
  });
});
