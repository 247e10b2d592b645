import { WorkflowsExecutor } from '../../../shared/src/adapters/executors/workflows-executor';
import type { ActionOf } from '../../../shared/src/core/remediation/actions';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let executor: WorkflowsExecutor;

beforeAll(() => {
  server = gcp.server;
  executor = new WorkflowsExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
});

const EXECUTIONS_PATH = '/v1/projects/analytics-prod/locations/europe-west1/workflows/orders-export/executions';
const EXECUTION_NAME =
  'projects/418327550115/locations/europe-west1/workflows/orders-export/executions/8c1f6f1e-5d1b-4a3c-9f83-0c7bb1b9d2a4';

const action: ActionOf<'workflows.reexecute'> = {
  kind: 'workflows.reexecute',
  projectId: 'analytics-prod',
  location: 'europe-west1',
  workflowId: 'orders-export',
  argument: '{"date":"2026-11-20","bucket":"analytics-prod-exports"}',
};

describe('WorkflowsExecutor (workflows.reexecute)', () => {
  it('creates an execution with the original argument, unchanged', async () => {
    server.on('POST', EXECUTIONS_PATH, {
      json: {
        name: EXECUTION_NAME,
        startTime: '2026-11-21T11:30:02.418224Z',
        state: 'ACTIVE',
        argument: action.argument,
        workflowRevisionId: '000004-6b2',
        callLogLevel: 'LOG_ERRORS_ONLY',
        status: { currentSteps: [{ routine: 'main', step: 'init' }] },
        labels: {},
      },
    });

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'submitted',
      externalId: EXECUTION_NAME,
      detail: `started execution ${EXECUTION_NAME} (state ACTIVE, revision 000004-6b2)`,
      retryable: false,
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(EXECUTIONS_PATH);
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    // The REST encoder writes the unset labels map as {}, which the API reads as no labels.
    expect(request?.json).toEqual({ argument: action.argument, labels: {} });
  });

  it('reports a missing workflow as a permanent failure with the API message', async () => {
    const message = "Resource 'projects/analytics-prod/locations/europe-west1/workflows/orders-export' was not found";
    server.on('POST', EXECUTIONS_PATH, googleError(404, 'NOT_FOUND', message, {
      details: [{ '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resourceName: 'projects/analytics-prod/locations/europe-west1/workflows/orders-export' }],
    }));

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'failed',
      detail: `workflows executions.create projects/analytics-prod/locations/europe-west1/workflows/orders-export failed: HTTP 404 NOT_FOUND: ${message}`,
      retryable: false,
      httpStatus: 404,
    });
  });

  it.each([
    [400, 'INVALID_ARGUMENT', false],
    [403, 'PERMISSION_DENIED', false],
    [429, 'RESOURCE_EXHAUSTED', true],
    [503, 'UNAVAILABLE', true],
    [504, 'DEADLINE_EXCEEDED', true],
  ])('maps HTTP %i %s to retryable=%s after a single attempt', async (code, status, retryable) => {
    server.on('POST', EXECUTIONS_PATH, googleError(code, status, `simulated ${status}`));

    const result = await executor.execute(action);

    expect(result).toMatchObject({ status: 'failed', retryable, httpStatus: code });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up at the deadline with a retryable failure that says the outcome is unknown', async () => {
    const impatient = new WorkflowsExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient(), timeoutMs: 100 });
    server.on('POST', EXECUTIONS_PATH, () => new Promise((resolve) => setTimeout(() => resolve({ json: { name: EXECUTION_NAME } }), 1_000)));

    const started = Date.now();
    const result = await impatient.execute(action);

    expect(Date.now() - started).toBeLessThan(900);
    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expect(result.detail).toContain('DEADLINE_EXCEEDED');
    expect(result.detail).toContain('may still have been applied');
  });

  it('refuses an argument that is not JSON without calling the API', async () => {
    const result = await executor.execute({ ...action, argument: 'date=2026-11-20' });

    expect(result).toEqual({ status: 'failed', detail: 'invalid action: argument is not JSON', retryable: false });
    expect(server.requests).toHaveLength(0);
  });
});
