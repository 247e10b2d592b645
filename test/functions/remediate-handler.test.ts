import { type CloudEvent, cloudEvent, http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { createRemediationApi } from '../../functions/remediate/api';
import { createRemediateHandler } from '../../functions/remediate/handler';
import { TransientStoreError } from '../../shared/src/core/domain/errors';
import type { CoordinationStore } from '../../shared/src/core/remediation/coordination-store';
import { parseAccessPolicy } from '../../shared/src/core/access/roles';
import { SignedFormTokens } from '../../shared/src/core/access/signed-form-token';
import { AccessControl } from '../../functions/http/access-control';
import { GoogleTokenIssuer } from '../helpers/google-token-issuer';
import { guardNetwork, type NetworkGuard } from '../helpers/network-guard';
import { APPROVAL_KEY, harness, memoryCoordinationStore, request as remediationRequest, type Harness } from '../helpers/remediation-fakes';

const API_URL = 'https://flexiroaster-remediation-api-123.europe-west1.run.app';
const TASKS_SA = 'flexiroaster-invoker@acme-ops.iam.gserviceaccount.com';
const SCHEDULER_SA = 'flexiroaster-scheduler@acme-ops.iam.gserviceaccount.com';
const ACCESS = parseAccessPolicy({
  grants: [
    { member: 'user:alice@acme.example', role: 'approver' },
    { member: 'user:olga@acme.example', role: 'operator' },
    { member: 'user:adam@acme.example', role: 'admin' },
    { member: 'user:vera@acme.example', role: 'viewer' },
  ],
});
let issuer: GoogleTokenIssuer;
let guard: NetworkGuard;
beforeAll(async () => {
  guard = guardNetwork();
  issuer = await GoogleTokenIssuer.start();
});
afterAll(async () => {
  await issuer.close();
  guard.restore();
  expect(guard.blocked).toEqual([]);
});
const bearer = (email: string) => `Bearer ${issuer.idToken({ email, aud: API_URL })}`;

const APPROVE = {
  dryRun: false,
  notification: { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' },
  approval: { ttlMs: 3_600_000, baseUrl: 'https://flexiroaster-remediation-api-123.europe-west1.run.app' },
  autonomy: { byCategory: { network_timeout: 'approve' } },
  plans: { network_timeout: ['retry_bigquery_job', 'escalate'] },
};

let counter = 0;

/** The real handlers behind the Functions Framework's test server, each test under its own names. */
async function servers(configInput: unknown = {}, coordination?: CoordinationStore) {
  const h: Harness = await harness(configInput, undefined, coordination);
  counter += 1;
  const handler = createRemediateHandler(async () => h.service, h.logger);
  cloudEvent<unknown>(`remediate-test-${counter}`, async (event: CloudEvent<unknown>) => {
    await handler(event);
  });
  const context = {
    service: h.service,
    access: new AccessControl({ verifier: issuer.verifier({ idTokenAudiences: [API_URL] }), policy: ACCESS }),
    formTokens: new SignedFormTokens(APPROVAL_KEY),
    callers: { tasksServiceAccount: TASKS_SA, schedulerServiceAccount: SCHEDULER_SA },
    clock: h.clock,
  };
  http(`remediation-api-test-${counter}`, createRemediationApi(async () => context, h.logger));
  return { h, pubsub: getTestServer(`remediate-test-${counter}`), api: getTestServer(`remediation-api-test-${counter}`) };
}

function deliver(app: ReturnType<typeof getTestServer>, data: string) {
  return request(app)
    .post('/')
    .set('ce-specversion', '1.0')
    .set('ce-type', 'google.cloud.pubsub.topic.v1.messagePublished')
    .set('ce-source', '//pubsub.googleapis.com/projects/acme-data/topics/remediation-requests')
    .set('ce-id', `ce-${counter}`)
    .set('content-type', 'application/json')
    .send(JSON.stringify({ message: { data, attributes: {}, messageId: `m-${counter}` }, subscription: 'projects/acme-data/subscriptions/eventarc-remediate' }));
}

const base64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64');

describe('remediate Pub/Sub handler through the Functions Framework', () => {
  it('decides on a failure and acknowledges (204), recording the action once across a redelivery', async () => {
    const { h, pubsub } = await servers();
    const failure = remediationRequest('network_timeout');
    await deliver(pubsub, base64(failure)).expect(204);
    await deliver(pubsub, base64(failure)).expect(204);
    const records = await h.store.recordsForRun(failure.event.runId);
    expect(records).toHaveLength(1);
    const decided = h.logger.lines.filter((line) => line.fields.actionKey !== undefined && line.fields.eventId === failure.event.eventId);
    expect(decided.map((line) => line.fields.duplicate)).toEqual([false, true]);
  });

  it.each([
    ['data that is not base64', '%%%', 'not_base64'],
    ['base64 that is not JSON', base64('{oops'), 'not_json'],
    ['JSON that is not a remediation request', base64({ hello: 'world' }), 'missing_field'],
  ])('acknowledges (204) and logs %s with its reason, deciding nothing', async (_label, data, reason) => {
    const { h, pubsub } = await servers();
    await deliver(pubsub, data).expect(204);
    expect(h.logger.lines.map((line) => [line.severity, line.message])).toEqual([['ERROR', `remediation request rejected: ${reason}`]]);
    expect(h.executors.calls).toEqual([]);
  });

  it('asks Pub/Sub to redeliver (500) when the coordination store has an outage, then acts once on the retry', async () => {
    const store = await memoryCoordinationStore();
    let outage = true;
    const flaky = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'recordsForRun' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          if (outage) throw new TransientStoreError('coordination store unavailable');
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
    const { h, pubsub } = await servers({}, flaky);
    const failure = remediationRequest('network_timeout');
    await deliver(pubsub, base64(failure)).expect(500);
    expect(await store.recordsForRun(failure.event.runId)).toEqual([]);
    outage = false;
    await deliver(pubsub, base64(failure)).expect(204);
    expect(await h.store.recordsForRun(failure.event.runId)).toHaveLength(1);
  });
});

describe('remediation HTTP API through the Functions Framework: who may call what', () => {
  async function awaitingApproval() {
    const servers_ = await servers(APPROVE);
    await deliver(servers_.pubsub, base64(remediationRequest('network_timeout'))).expect(204);
    const [record] = await servers_.h.store.recordsForRun(remediationRequest('network_timeout').event.runId);
    expect(record?.status).toBe('awaiting_approval');
    const [notice] = servers_.h.executors.callsOf('notify.pubsub');
    const link = new URL(notice?.kind === 'notify.pubsub' ? String(notice.message.approveUrl) : '');
    return { ...servers_, key: record?.action_key as string, path: link.pathname + link.search, token: link.searchParams.get('token') as string };
  }
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  it('refuses every route without a verified token (401), even when a caller sets the IAP user header', async () => {
    const { api, path } = await awaitingApproval();
    await request(api).get(path).set('x-goog-authenticated-user-email', 'accounts.google.com:alice@acme.example').expect(401);
    await request(api).post('/pause').send({ by: 'alice@acme.example' }).expect(401);
    await request(api).post('/tasks/run').send({ actionKey: 'a'.repeat(64) }).expect(401);
  });

  it('accepts /tasks/run only from the queue service account, and /expire only from the scheduler account', async () => {
    const { api } = await servers();
    await request(api).post('/tasks/run').set('authorization', bearer('adam@acme.example')).send({ actionKey: 'a'.repeat(64) }).expect(403);
    await request(api).post('/tasks/run').set('authorization', bearer(SCHEDULER_SA)).send({ actionKey: 'a'.repeat(64) }).expect(403);
    await request(api).post('/tasks/run').set('authorization', bearer(TASKS_SA)).send({ actionKey: 'nope' }).expect(400);
    await request(api).post('/tasks/run').set('authorization', bearer(TASKS_SA)).send({ actionKey: 'a'.repeat(64) }).expect(500);
    await request(api).post('/expire').set('authorization', bearer(TASKS_SA)).expect(403);
    await request(api).post('/expire').set('authorization', bearer(SCHEDULER_SA)).expect(200);
  });

  it('does not run a deferred action before its backoff ends, even for the queue account', async () => {
    const { h, pubsub, api } = await servers({ dryRun: false, plans: { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 3, backoff: { initialDelayMs: 600_000, multiplier: 1, maxDelayMs: 600_000, jitter: 'none' } }] } });
    await deliver(pubsub, base64(remediationRequest('network_timeout'))).expect(204);
    const [task] = h.scheduler.scheduled;
    expect(task).toBeDefined();
    const early = await request(api).post('/tasks/run').set('authorization', bearer(TASKS_SA)).send({ actionKey: task?.actionKey }).expect(425);
    expect(early.body.code).toBe('not_due');
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
    h.clock.advance(600_000);
    await request(api).post('/tasks/run').set('authorization', bearer(TASKS_SA)).send({ actionKey: task?.actionKey }).expect(200);
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);
  });

  it('GET on an approval link shows a confirmation page and changes nothing (link previews are harmless)', async () => {
    const { h, api, path, key } = await awaitingApproval();
    const page = await request(api).get(path).set('authorization', bearer('alice@acme.example')).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<form method="post"');
    expect((await h.store.getRecord(key))?.status).toBe('awaiting_approval');
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it('approves only on POST with the token, a CSRF token bound to the approver and the approver role; records who approved', async () => {
    const { h, api, path, key, token } = await awaitingApproval();
    const page = await request(api).get(path).set('authorization', bearer('alice@acme.example')).expect(200);
    const csrf = csrfOf(page.text);
    await request(api).post(`/approvals/${key}`).set('authorization', bearer('alice@acme.example')).type('form').send({ token }).expect(403);
    // A form token shown to one person is refused for another, even an approver.
    await request(api).post(`/approvals/${key}`).set('authorization', bearer('adam@acme.example')).type('form').send({ token, csrf }).expect(403);
    // A viewer cannot approve whatever tokens they hold.
    await request(api).post(`/approvals/${key}`).set('authorization', bearer('vera@acme.example')).type('form').send({ token, csrf }).expect(403);
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
    const done = await request(api).post(`/approvals/${key}`).set('authorization', bearer('alice@acme.example')).type('form').send({ token, csrf }).expect(200);
    expect(done.text).toContain('submitted');
    const record = await h.store.getRecord(key);
    expect(record?.explanation).toContain('approved by alice@acme.example');
    await request(api).post(`/approvals/${key}`).set('authorization', bearer('alice@acme.example')).send({ token, csrf }).expect(200);
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);
  });

  it('answers a tampered approval token with 403 and runs nothing', async () => {
    const { h, api, key } = await awaitingApproval();
    const response = await request(api).get(`/approvals/${key}?token=v1.e30.AAAA`).set('authorization', bearer('alice@acme.example')).expect(403);
    expect(response.body.code).toBe('bad_signature');
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it('lets operators pause one pipeline, only admins pause everything, and records the verified caller, not "by"', async () => {
    const { h, api } = await servers();
    await request(api).post('/pause').set('authorization', bearer('vera@acme.example')).send({ pipelineId: 'acme-data.sales.orders' }).expect(403);
    await request(api).post('/pause').set('authorization', bearer('olga@acme.example')).send({ pipelineId: 'acme-data.sales.orders', by: 'ceo', reason: 'freeze' }).expect(200);
    expect((await h.store.readPause('acme-data.sales.orders')).pipeline).toMatchObject({ by: 'olga@acme.example', reason: 'freeze' });
    await request(api).post('/pause').set('authorization', bearer('olga@acme.example')).send({ reason: 'all' }).expect(403);
    await request(api).post('/pause').set('authorization', bearer('adam@acme.example')).send({ reason: 'all' }).expect(200);
    await request(api).post('/resume').set('authorization', bearer('olga@acme.example')).send({}).expect(403);
    expect((await h.store.readPause('x')).global).toMatchObject({ by: 'adam@acme.example' });
    await request(api).post('/resume/').set('authorization', bearer('adam@acme.example')).send({}).expect(200);
    expect((await h.store.readPause('x')).global).toBeNull();
    await request(api).delete('/tasks/run').expect(404);
  });

  it('shows a recorded decision to a viewer', async () => {
    const { api, key } = await awaitingApproval();
    await request(api).get(`/actions/${key}`).set('authorization', bearer('vera@acme.example')).expect(200);
    await request(api).get(`/actions/${key}`).set('authorization', bearer('stranger@elsewhere.example')).expect(403);
  });
});
