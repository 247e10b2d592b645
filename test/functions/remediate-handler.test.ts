import { type CloudEvent, cloudEvent, http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { createRemediationApi } from '../../functions/remediate/api';
import { createRemediateHandler } from '../../functions/remediate/handler';
import { TransientStoreError } from '../../shared/src/core/domain/errors';
import type { CoordinationStore } from '../../shared/src/core/remediation/coordination-store';
import { harness, memoryCoordinationStore, request as remediationRequest, type Harness } from '../helpers/remediation-fakes';

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
  http(`remediation-api-test-${counter}`, createRemediationApi(async () => h.service, h.logger));
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

describe('remediation HTTP API through the Functions Framework', () => {
  it('refuses a task without a 64-hex action key (400) and retries one whose record is not there yet (500)', async () => {
    const { api } = await servers();
    await request(api).post('/tasks/run').send({ actionKey: 'nope' }).expect(400);
    await request(api).post('/tasks/run').send({ actionKey: 'a'.repeat(64) }).expect(500);
  });

  it('executes an approved action once and answers the approval link with the decision', async () => {
    const { h, pubsub, api } = await servers(APPROVE);
    await deliver(pubsub, base64(remediationRequest('network_timeout'))).expect(204);
    const [record] = await h.store.recordsForRun(remediationRequest('network_timeout').event.runId);
    expect(record?.status).toBe('awaiting_approval');
    const [notice] = h.executors.callsOf('notify.pubsub');
    const link = notice?.kind === 'notify.pubsub' ? String(notice.message.approveUrl) : '';
    const path = new URL(link).pathname + new URL(link).search;
    const approved = await request(api).get(path).set('x-goog-authenticated-user-email', 'accounts.google.com:alice@acme.example').expect(200);
    expect(approved.body).toMatchObject({ status: 'submitted', executed: true });
    expect(JSON.stringify(approved.body)).toContain('approved by alice@acme.example');
    await request(api).get(path).expect(200);
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);
  });

  it('answers a tampered approval token with 403 and runs nothing', async () => {
    const { h, pubsub, api } = await servers(APPROVE);
    await deliver(pubsub, base64(remediationRequest('network_timeout'))).expect(204);
    const [record] = await h.store.recordsForRun(remediationRequest('network_timeout').event.runId);
    const response = await request(api).get(`/approvals/${record?.action_key}?token=v1.e30.AAAA`).expect(403);
    expect(response.body.code).toBe('bad_signature');
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it('pauses and resumes a pipeline when told who does it, and 404s unknown routes', async () => {
    const { h, api } = await servers();
    await request(api).post('/pause').send({ pipelineId: 'acme-data.sales.orders' }).expect(400);
    await request(api).post('/pause').send({ pipelineId: 'acme-data.sales.orders', by: 'sre', reason: 'freeze' }).expect(200);
    expect((await h.store.readPause('acme-data.sales.orders')).pipeline).toMatchObject({ by: 'sre', reason: 'freeze' });
    await request(api).post('/resume/').send({ pipelineId: 'acme-data.sales.orders', by: 'sre' }).expect(200);
    expect((await h.store.readPause('acme-data.sales.orders')).pipeline).toBeNull();
    await request(api).delete('/tasks/run').expect(404);
  });
});
