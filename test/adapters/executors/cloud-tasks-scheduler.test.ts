import { CloudTasksDeferredActionScheduler, taskIdFor } from '../../../shared/src/adapters/executors/cloud-tasks-scheduler';
import { PermanentStoreError, TransientStoreError } from '../../../shared/src/core/domain/errors';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let scheduler: CloudTasksDeferredActionScheduler;

const TARGET = 'https://europe-west1-analytics-prod.cloudfunctions.net/remediate/deferred';
const SERVICE_ACCOUNT = 'flexiroaster-tasks@analytics-prod.iam.gserviceaccount.com';
const QUEUE = 'projects/analytics-prod/locations/europe-west1/queues/flexiroaster-deferred';
const TASKS_PATH = `/v2/${QUEUE}/tasks`;

beforeAll(() => {
  server = gcp.server;
  scheduler = new CloudTasksDeferredActionScheduler({
    apiEndpoint: server.host,
    protocol: 'http',
    auth: offlineAuthClient(),
    queue: { projectId: 'analytics-prod', location: 'europe-west1', queueId: 'flexiroaster-deferred' },
    targetUrl: TARGET,
    serviceAccountEmail: SERVICE_ACCOUNT,
  });
});

const ACTION_KEY = 'orders_daily|scheduled__2026-11-20T03:00:00+00:00|sig:7f3a9c|retry|2';
const request = {
  actionKey: ACTION_KEY,
  notBefore: new Date('2026-11-21T03:15:00.250Z'),
  payload: { actionKey: ACTION_KEY, action: { kind: 'composer.clear_failed_tasks', dagId: 'orders_daily' } },
};
const TASK_NAME = `${QUEUE}/tasks/${taskIdFor(ACTION_KEY)}`;

describe('CloudTasksDeferredActionScheduler', () => {
  it('creates an HTTP task named from the action key, due at notBefore, with an OIDC token', async () => {
    server.on('POST', TASKS_PATH, {
      json: {
        name: TASK_NAME,
        httpRequest: {
          url: TARGET,
          httpMethod: 1,
          headers: { 'Content-Type': 'application/json', 'User-Agent': 'Google-Cloud-Tasks' },
          oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT, audience: TARGET },
        },
        scheduleTime: '2026-11-21T03:15:00.250Z',
        createTime: '2026-11-21T03:00:06Z',
        dispatchDeadline: '600s',
        view: 1,
      },
    });

    const result = await scheduler.schedule(request);

    expect(result).toEqual({ taskName: TASK_NAME });
    const [sent] = server.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(TASKS_PATH);
    expect(sent?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    // The REST transport asks for integer enums, so httpMethod POST travels as 1.
    expect(sent?.json).toEqual({
      task: {
        name: TASK_NAME,
        scheduleTime: '2026-11-21T03:15:00.250Z',
        httpRequest: {
          url: TARGET,
          httpMethod: 1,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify(request.payload)).toString('base64'),
          oidcToken: { serviceAccountEmail: SERVICE_ACCOUNT, audience: TARGET },
        },
      },
    });
  });

  it('derives a valid, stable task id that differs per action key', () => {
    expect(taskIdFor(ACTION_KEY)).toMatch(/^[a-f0-9]{64}$/);
    expect(taskIdFor(ACTION_KEY)).toBe(taskIdFor(ACTION_KEY));
    expect(taskIdFor(`${ACTION_KEY}x`)).not.toBe(taskIdFor(ACTION_KEY));
  });

  it('accepts ALREADY_EXISTS: the same action was scheduled before', async () => {
    server.on('POST', TASKS_PATH, googleError(409, 'ALREADY_EXISTS', 'Requested entity already exists'));

    await expect(scheduler.schedule(request)).resolves.toEqual({ taskName: TASK_NAME });
  });

  it('throws a permanent error for a missing queue, keeping the API message', async () => {
    server.on('POST', TASKS_PATH, googleError(404, 'NOT_FOUND', 'Requested entity was not found.'));

    const error = await scheduler.schedule(request).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as Error).message).toBe(`cloudtasks tasks.create ${TASK_NAME} failed: HTTP 404 NOT_FOUND: Requested entity was not found.`);
  });

  it.each([
    [400, 'INVALID_ARGUMENT', 'PermanentStoreError', PermanentStoreError],
    [403, 'PERMISSION_DENIED', 'PermanentStoreError', PermanentStoreError],
    [429, 'RESOURCE_EXHAUSTED', 'TransientStoreError', TransientStoreError],
    [503, 'UNAVAILABLE', 'TransientStoreError', TransientStoreError],
    [504, 'DEADLINE_EXCEEDED', 'TransientStoreError', TransientStoreError],
  ])('maps HTTP %i %s to %s after a single attempt', async (code, status, _name, expected) => {
    server.on('POST', TASKS_PATH, googleError(code, status, `simulated ${status}`));

    await expect(scheduler.schedule(request)).rejects.toBeInstanceOf(expected);
    expect(server.requests).toHaveLength(1);
  });
});
