import type { Resolver } from '../../../shared/src/adapters/executors/outbound-target';
import { WebhookNotifyExecutor } from '../../../shared/src/adapters/executors/webhook-notify-executor';
import type { ActionOf } from '../../../shared/src/core/remediation/actions';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let executor: WebhookNotifyExecutor;
/** Names resolve here, never through a DNS server: hooks.example.com is public, the rest as named. */
const RESOLVER: Resolver = async (host) => {
  const answers: Record<string, string[]> = {
    'hooks.example.com': ['203.0.113.7'],
    'hooks.local-test.example': ['127.0.0.1'],
    'hooks.rebind.example': ['169.254.169.254'],
    'hooks.corp.example': ['10.20.30.40'],
    'hooks.cgnat.example': ['100.64.12.1'],
    'hooks.mixed.example': ['203.0.113.7', '192.168.1.10'],
    'hooks.mapped.example': ['::ffff:169.254.169.254'],
    'hooks.loopback.example': ['127.0.0.1'],
  };
  const found = answers[host];
  if (found === undefined) throw new Error(`ENOTFOUND ${host}`);
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

beforeAll(() => {
  server = gcp.server;
  // The local server stands in for the webhook host: its loopback address is allowed here, and only here.
  executor = new WebhookNotifyExecutor({ projectId: 'analytics-prod', apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient(), outbound: { allowedLocalAddresses: ['127.0.0.1'], resolver: RESOLVER } });
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

  describe('refuses webhook URLs that lead inside (checked after DNS resolution)', () => {
    // A production executor: no local address is allowed, names resolve through the same fake resolver.
    const production = () => new WebhookNotifyExecutor({ projectId: 'analytics-prod', apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient(), outbound: { resolver: RESOLVER } });

    it.each([
      ['the metadata server by IP', 'https://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token', /link-local/],
      ['the metadata server by name', 'https://metadata.google.internal/computeMetadata/v1/', /internal name/],
      ['the AWS IPv6 metadata address', 'https://[fd00:ec2::254]/latest/meta-data/', /unique local/],
      ['a name that resolves to link-local', 'https://hooks.rebind.example/x', /169\.254\.169\.254, a link-local/],
      ['a name that resolves to a private address', 'https://hooks.corp.example/x', /10\.20\.30\.40, a private/],
      ['a name that resolves to carrier-grade NAT', 'https://hooks.cgnat.example/x', /carrier-grade NAT/],
      ['a name with one private answer among public ones', 'https://hooks.mixed.example/x', /192\.168\.1\.10/],
      ['an IPv4-mapped IPv6 metadata address', 'https://hooks.mapped.example/x', /link-local/],
      ['loopback', 'https://hooks.loopback.example/x', /loopback/],
      ['plain http to a public host', 'http://hooks.example.com/x', /only https/],
    ])('%s', async (_label, url, why) => {
      server.on('GET', ACCESS_PATH, secretHolding(url));
      const result = await production().execute(action);
      expect(result).toMatchObject({ status: 'failed', retryable: false, detail: expect.stringMatching(why) });
      expect(server.requests).toHaveLength(1);
    });

    it('connects to the address it checked, keeping the URL host name', async () => {
      server.on('POST', HOOK_PATH, { status: 200, text: 'ok' });
      const port = new URL(server.baseUrl).port;
      server.on('GET', ACCESS_PATH, secretHolding(`http://hooks.local-test.example:${port}${HOOK_PATH}`));
      const result = await executor.execute(action);
      expect(result).toMatchObject({ status: 'submitted' });
      const post = server.requests.find((r) => r.method === 'POST');
      expect(post?.headers.host).toBe(`hooks.local-test.example:${port}`);
    });
  });
});
