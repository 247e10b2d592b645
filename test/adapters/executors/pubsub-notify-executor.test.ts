import { PubSubNotifyExecutor } from '../../../shared/src/adapters/executors/pubsub-notify-executor';
import type { ActionOf } from '../../../shared/src/core/remediation/actions';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let executor: PubSubNotifyExecutor;

beforeAll(() => {
  server = gcp.server;
  executor = new PubSubNotifyExecutor({ projectId: 'analytics-prod', apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
});

const PUBLISH_PATH = '/v1/projects/analytics-prod/topics/remediation-notices:publish';

const action: ActionOf<'notify.pubsub'> = {
  kind: 'notify.pubsub',
  topic: 'remediation-notices',
  message: {
    incidentId: 'inc-20261121-0007',
    pipelineId: 'orders_daily',
    action: 'composer.clear_failed_tasks',
    outcome: 'submitted',
  },
  attributes: { severity: 'WARNING', source: 'composer' },
};

describe('PubSubNotifyExecutor (notify.pubsub)', () => {
  it('publishes the message as base64 JSON with its attributes', async () => {
    server.on('POST', PUBLISH_PATH, { json: { messageIds: ['13870522818398712'] } });

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'submitted',
      externalId: '13870522818398712',
      detail: 'published message 13870522818398712 to projects/analytics-prod/topics/remediation-notices',
      retryable: false,
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(PUBLISH_PATH);
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    expect(request?.json).toEqual({
      messages: [{ data: Buffer.from(JSON.stringify(action.message)).toString('base64'), attributes: action.attributes }],
    });
  });

  it('publishes to a topic of another project named in full', async () => {
    server.on('POST', '/v1/projects/ops-alerts/topics/pipeline-incidents:publish', { json: { messageIds: ['2207151390000001'] } });

    const result = await executor.execute({ ...action, topic: 'projects/ops-alerts/topics/pipeline-incidents' });

    expect(result.status).toBe('submitted');
    expect(result.externalId).toBe('2207151390000001');
  });

  it('reports a missing topic as a permanent failure', async () => {
    server.on('POST', PUBLISH_PATH, googleError(404, 'NOT_FOUND', 'Resource not found (resource=remediation-notices).'));

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'failed',
      detail:
        'pubsub topics.publish projects/analytics-prod/topics/remediation-notices failed: HTTP 404 NOT_FOUND: Resource not found (resource=remediation-notices).',
      retryable: false,
      httpStatus: 404,
    });
  });

  it.each([
    [403, 'PERMISSION_DENIED', false],
    [429, 'RESOURCE_EXHAUSTED', true],
    [503, 'UNAVAILABLE', true],
    [504, 'DEADLINE_EXCEEDED', true],
  ])('maps HTTP %i %s to retryable=%s after a single attempt', async (code, status, retryable) => {
    server.on('POST', PUBLISH_PATH, googleError(code, status, `simulated ${status}`));

    const result = await executor.execute(action);

    expect(result).toMatchObject({ status: 'failed', retryable, httpStatus: code });
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a malformed topic name without calling the API', async () => {
    const result = await executor.execute({ ...action, topic: 'projects/analytics-prod/subscriptions/x' });

    expect(result.detail).toMatch(/^invalid action: topic/);
    expect(server.requests).toHaveLength(0);
  });

  it('without a configured project, refuses a bare topic id instead of guessing a project, and still publishes to a full name', async () => {
    const unscoped = new PubSubNotifyExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
    const bare = await unscoped.execute(action);
    expect(bare).toEqual({
      status: 'failed',
      detail: 'invalid action: topic "remediation-notices" must be projects/{project}/topics/{topic} (no project is configured for a bare topic id)',
      retryable: false,
    });
    expect(server.requests).toHaveLength(0);

    server.on('POST', PUBLISH_PATH, { json: { messageIds: ['42'] } });
    const full = await unscoped.execute({ ...action, topic: 'projects/analytics-prod/topics/remediation-notices' });
    expect(full).toMatchObject({ status: 'submitted', externalId: '42' });
    expect(server.requests.map((r) => r.path)).toEqual([PUBLISH_PATH]);
  });
});
