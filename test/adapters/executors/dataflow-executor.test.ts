import { DataflowExecutor } from '../../../shared/src/adapters/executors/dataflow-executor';
import type { ActionOf } from '../../../shared/src/core/remediation/actions';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let executor: DataflowExecutor;

beforeAll(() => {
  server = gcp.server;
  executor = new DataflowExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
});

const JOB_ID = '2026-11-21_03_00_02-8046254981761294823';
const LAUNCH_PATH = '/v1b3/projects/analytics-prod/locations/europe-west1/flexTemplates:launch';
const JOB_PATH = `/v1b3/projects/analytics-prod/locations/europe-west1/jobs/${JOB_ID}`;
/** The REST transport asks for integer enums (a documented system parameter), so bodies carry numbers. */
const ENUM_AS_INT = 'json;enum-encoding=int';
const JOB_STATE = { RUNNING: 2, CANCELLED: 5, DRAINING: 7, DRAINED: 8, CANCELLING: 10 } as const;

const launch: ActionOf<'dataflow.launch_flex_template'> = {
  kind: 'dataflow.launch_flex_template',
  projectId: 'analytics-prod',
  location: 'europe-west1',
  jobName: 'orders-enrich-rerun-3f9c2a',
  containerSpecGcsPath: 'gs://analytics-prod-dataflow/templates/orders-enrich.json',
  parameters: { inputTable: 'analytics-prod:sales.orders', outputTable: 'analytics-prod:sales.orders_enriched' },
  environment: {
    machineType: 'n2-highmem-4',
    maxWorkers: 20,
    serviceAccountEmail: 'dataflow-worker@analytics-prod.iam.gserviceaccount.com',
    tempLocation: 'gs://analytics-prod-dataflow/tmp',
    subnetwork: 'regions/europe-west1/subnetworks/dataflow',
  },
};

const cancel: ActionOf<'dataflow.update_job_state'> = {
  kind: 'dataflow.update_job_state',
  projectId: 'analytics-prod',
  location: 'europe-west1',
  jobId: JOB_ID,
  requestedState: 'JOB_STATE_CANCELLED',
};

const scale: ActionOf<'dataflow.update_workers'> = {
  kind: 'dataflow.update_workers',
  projectId: 'analytics-prod',
  location: 'europe-west1',
  jobId: JOB_ID,
  minNumWorkers: 4,
  maxNumWorkers: 40,
};

function job(overrides: Record<string, unknown> = {}) {
  return {
    id: JOB_ID,
    projectId: 'analytics-prod',
    name: 'orders-stream',
    type: 2,
    currentState: JOB_STATE.RUNNING,
    currentStateTime: '2026-11-21T03:00:41.812Z',
    createTime: '2026-11-21T03:00:02.811Z',
    location: 'europe-west1',
    startTime: '2026-11-21T03:00:02.811Z',
    labels: { team: 'sales-data' },
    ...overrides,
  };
}

describe('DataflowExecutor', () => {
  it('launches a flex template with the documented launchParameter body', async () => {
    const newJobId = '2026-11-21_03_10_04-1406391126520467221';
    server.on('POST', LAUNCH_PATH, { json: { job: job({ id: newJobId, name: launch.jobName, type: 1, currentState: undefined }) } });

    const result = await executor.execute(launch);

    expect(result).toEqual({
      status: 'submitted',
      externalId: newJobId,
      detail: `flexTemplates.launch started job ${newJobId} (orders-enrich-rerun-3f9c2a) in europe-west1`,
      retryable: false,
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(LAUNCH_PATH);
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    expect(request?.query.get('$alt')).toBe(ENUM_AS_INT);
    // The proto3 JSON encoder writes unset map fields as {}, which the API reads as empty.
    expect(request?.json).toEqual({
      launchParameter: {
        jobName: launch.jobName,
        containerSpecGcsPath: launch.containerSpecGcsPath,
        parameters: launch.parameters,
        environment: { ...launch.environment, additionalUserLabels: {} },
        launchOptions: {},
        transformNameMappings: {},
      },
    });
  });

  it('reports a name clash with an active job as a permanent failure', async () => {
    const message =
      '(c5d1e0b3a2f4e6d7): There is already an active job named orders-enrich-rerun-3f9c2a. If you want to submit a second job, try again by setting a different name.';
    server.on('POST', LAUNCH_PATH, googleError(409, 'ALREADY_EXISTS', message));

    const result = await executor.execute(launch);

    expect(result).toEqual({
      status: 'failed',
      detail: `dataflow flexTemplates.launch analytics-prod/europe-west1/orders-enrich-rerun-3f9c2a failed: HTTP 409 ALREADY_EXISTS: ${message}`,
      retryable: false,
      httpStatus: 409,
    });
  });

  it('requests a state change with jobs.update and no updateMask', async () => {
    server.on('PUT', JOB_PATH, { json: job({ requestedState: JOB_STATE.CANCELLED, currentState: JOB_STATE.CANCELLING }) });

    const result = await executor.execute(cancel);

    expect(result).toEqual({
      status: 'submitted',
      externalId: JOB_ID,
      detail: `jobs.update requested JOB_STATE_CANCELLED for job ${JOB_ID}; current state JOB_STATE_CANCELLING`,
      retryable: false,
    });
    const [request] = server.requests;
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe(JOB_PATH);
    expect(request?.query.has('updateMask')).toBe(false);
    expect(request?.json).toEqual({ requestedState: JOB_STATE.CANCELLED, labels: {}, transformNameMapping: {} });
  });

  it('asks for a drain with the drained state', async () => {
    server.on('PUT', JOB_PATH, { json: job({ requestedState: JOB_STATE.DRAINED, currentState: JOB_STATE.DRAINING }) });

    const result = await executor.execute({ ...cancel, requestedState: 'JOB_STATE_DRAINED' });

    expect(result.detail).toContain('current state JOB_STATE_DRAINING');
    expect(server.requests[0]?.json).toMatchObject({ requestedState: JOB_STATE.DRAINED });
  });

  it('changes the autoscaling range with runtimeUpdatableParams and a two-field updateMask', async () => {
    server.on('PUT', JOB_PATH, { json: job({ runtimeUpdatableParams: { minNumWorkers: 4, maxNumWorkers: 40 } }) });

    const result = await executor.execute(scale);

    expect(result).toEqual({
      status: 'submitted',
      externalId: JOB_ID,
      detail: `jobs.update set the autoscaling range of job ${JOB_ID} to 4..40 workers (job reports 4..40)`,
      retryable: false,
    });
    const [request] = server.requests;
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe(JOB_PATH);
    expect(request?.query.get('updateMask')).toBe(
      'runtime_updatable_params.max_num_workers,runtime_updatable_params.min_num_workers',
    );
    expect(request?.json).toEqual({
      runtimeUpdatableParams: { minNumWorkers: 4, maxNumWorkers: 40 },
      labels: {},
      transformNameMapping: {},
    });
  });

  it('refuses an impossible worker range without calling the API', async () => {
    const result = await executor.execute({ ...scale, minNumWorkers: 50, maxNumWorkers: 10 });

    expect(result.status).toBe('failed');
    expect(result.detail).toMatch(/^invalid action: worker range 50..10/);
    expect(server.requests).toHaveLength(0);
  });

  it('reports a job already in a terminal state as a permanent failure', async () => {
    const message = `(3d8f5c1e2b9a7f60): Could not modify workflow; job ${JOB_ID} is already in a terminal state JOB_STATE_FAILED.`;
    server.on('PUT', JOB_PATH, googleError(400, 'FAILED_PRECONDITION', message));

    const result = await executor.execute(cancel);

    expect(result.status).toBe('failed');
    expect(result.retryable).toBe(false);
    expect(result.httpStatus).toBe(400);
    expect(result.detail).toContain('HTTP 400 FAILED_PRECONDITION');
    expect(result.detail).toContain('already in a terminal state');
  });

  it.each([
    [403, 'PERMISSION_DENIED', false],
    [404, 'NOT_FOUND', false],
    [429, 'RESOURCE_EXHAUSTED', true],
    [503, 'UNAVAILABLE', true],
    [504, 'DEADLINE_EXCEEDED', true],
  ])('maps HTTP %i %s to retryable=%s after a single attempt', async (code, status, retryable) => {
    server.on('PUT', JOB_PATH, googleError(code, status, `simulated ${status}`));

    const result = await executor.execute(scale);

    expect(result).toMatchObject({ status: 'failed', retryable, httpStatus: code });
    expect(server.requests).toHaveLength(1);
  });
});
