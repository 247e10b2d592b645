import { WebhookNotifyExecutor } from '../../../shared/src/adapters/executors/webhook-notify-executor';
import type { ActionOf } from '../../../shared/src/core/remediation/actions';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let executor: WebhookNotifyExecutor;

beforeAll(() => {
  server = gcp.server;
  executor = new WebhookNotifyExecutor({ projectId: 'analytics-prod', apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
});

const ACCESS_PATH = '/v1/projects/analytics-prod/secrets/slack-webhook/versions/latest:access';
/** Shaped like a Slack incoming-webhook path: the path itself is the credential. */
const HOOK_PATH = '/services/T04ABCDEF12/B06GHIJKL34/q9ZxR2mT7vLk1Pw8sNc3YdHe';

const action: ActionOf<'notify.webhook'> = {
  kind: 'notify.webhook',
  webhookSecretName: 'slack-webhook',
  payload: {
    text: 'orders_daily failed (permission_denied); FlexiRoaster escalated it for approval',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: '*orders_daily* failed: `permission_denied`' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'incident inc-20261121-0007' }] },
    ],
  },
};

function secretHolding(url: string) {
  return {
    json: {
      name: 'projects/418327550115/secrets/slack-webhook/versions/3',
      payload: { data: Buffer.from(url).toString('base64'), dataCrc32c: '2913426016' },
    },
  };
}

function expectNoWebhookUrl(detail: string) {
  expect(detail).not.toContain(HOOK_PATH);
  expect(detail).not.toContain('q9ZxR2mT7vLk1Pw8sNc3YdHe');
}

describe('WebhookNotifyExecutor (notify.webhook)', () => {
  it('reads the URL from Secret Manager and posts the Slack message to it, without the Google token', async () => {
    server.on('GET', ACCESS_PATH, secretHolding(`${server.baseUrl}${HOOK_PATH}`));
    server.on('POST', HOOK_PATH, { text: 'ok' });

    const result = await executor.execute(action);

    expect(result).toEqual({ status: 'submitted', detail: 'webhook accepted the message (HTTP 200)', retryable: false, httpStatus: 200 });
    const [access, post] = server.requests;
    expect(access?.method).toBe('GET');
    expect(access?.path).toBe(ACCESS_PATH);
    expect(access?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    expect(post?.method).toBe('POST');
    expect(post?.path).toBe(HOOK_PATH);
    expect(post?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(post?.headers.authorization).toBeUndefined();
    expect(post?.json).toEqual(action.payload);
  });

  it('accesses a pinned version when the action names one', async () => {
    const pinned = '/v1/projects/ops-alerts/secrets/slack-webhook/versions/3:access';
    server.on('GET', pinned, secretHolding(`${server.baseUrl}${HOOK_PATH}`));
    server.on('POST', HOOK_PATH, { text: 'ok' });

    const result = await executor.execute({ ...action, webhookSecretName: 'projects/ops-alerts/secrets/slack-webhook/versions/3' });

    expect(result.status).toBe('submitted');
    expect(server.requests[0]?.path).toBe(pinned);
  });

  it('keeps Slack’s error word but never the URL when the webhook refuses the message', async () => {
    server.on('GET', ACCESS_PATH, secretHolding(`${server.baseUrl}${HOOK_PATH}`));
    server.on('POST', HOOK_PATH, { status: 404, text: 'no_service' });

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'failed',
      detail: 'webhook POST (URL from projects/analytics-prod/secrets/slack-webhook/versions/latest) failed: HTTP 404: no_service',
      retryable: false,
      httpStatus: 404,
    });
    expectNoWebhookUrl(result.detail);
  });

  it.each([
    [400, 'invalid_payload', false],
    [403, 'action_prohibited', false],
    [429, 'rate_limited', true],
    [503, 'service_unavailable', true],
  ])('maps webhook HTTP %i %s to retryable=%s', async (code, word, retryable) => {
    server.on('GET', ACCESS_PATH, secretHolding(`${server.baseUrl}${HOOK_PATH}`));
    server.on('POST', HOOK_PATH, { status: code, text: word });

    const result = await executor.execute(action);

    expect(result).toMatchObject({ status: 'failed', retryable, httpStatus: code });
    expect(server.requests.filter((request) => request.path === HOOK_PATH)).toHaveLength(1);
  });

  it('reports a dropped webhook connection as retryable without the URL', async () => {
    const closed = await FakeGcpServer.start();
    const deadUrl = `${closed.baseUrl}${HOOK_PATH}`;
    await closed.close();
    server.on('GET', ACCESS_PATH, secretHolding(deadUrl));

    const result = await executor.execute(action);

    expect(result).toMatchObject({ status: 'failed', retryable: true });
    expectNoWebhookUrl(result.detail);
  });

  it('does not post when Secret Manager refuses access, and maps the error', async () => {
    const message =
      "Permission 'secretmanager.versions.access' denied for resource 'projects/analytics-prod/secrets/slack-webhook/versions/latest' (or it may not exist).";
    server.on('GET', ACCESS_PATH, googleError(403, 'PERMISSION_DENIED', message));

    const result = await executor.execute(action);

    expect(result).toEqual({
      status: 'failed',
      detail: `secretmanager versions.access projects/analytics-prod/secrets/slack-webhook/versions/latest failed: HTTP 403 PERMISSION_DENIED: ${message}`,
      retryable: false,
      httpStatus: 403,
    });
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [404, 'NOT_FOUND', false],
    [429, 'RESOURCE_EXHAUSTED', true],
    [503, 'UNAVAILABLE', true],
  ])('maps Secret Manager HTTP %i %s to retryable=%s after a single attempt', async (code, status, retryable) => {
    server.on('GET', ACCESS_PATH, googleError(code, status, `simulated ${status}`));

    const result = await executor.execute(action);

    expect(result).toMatchObject({ status: 'failed', retryable, httpStatus: code });
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a secret that holds a non-https URL and does not echo it', async () => {
    server.on('GET', ACCESS_PATH, secretHolding(`http://hooks.example.com${HOOK_PATH}`));

    const result = await executor.execute(action);

    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expectNoWebhookUrl(result.detail);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a payload without text before reading the secret', async () => {
    const result = await executor.execute({ ...action, payload: { blocks: [] } });

    expect(result).toEqual({ status: 'failed', detail: 'invalid action: payload.text must be a non-empty string', retryable: false });
    expect(server.requests).toHaveLength(0);
  });

  it('without a configured project, refuses a bare secret id instead of guessing a project', async () => {
    const unscoped = new WebhookNotifyExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
    const result = await unscoped.execute(action);
    expect(result).toEqual({
      status: 'failed',
      detail: 'invalid action: webhookSecretName "slack-webhook" is not a secret resource name (no project is configured for a bare secret id)',
      retryable: false,
    });
    expect(server.requests).toHaveLength(0);
  });
});
