import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CloudEvent, cloudEvent } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { createIngestHandler } from '../../functions/ingest/handler';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import { IngestService } from '../../shared/src/core/ingest/ingest-service';
import { InMemoryEventStore } from '../helpers/in-memory-event-store';
import { MemoryLogger } from '../helpers/memory-logger';

const logEntryText = readFileSync(join(__dirname, '../fixtures/cloudevents/bigquery-job-failed.logentry.json'), 'utf8');
const logEntry = JSON.parse(logEntryText) as Record<string, unknown>;

let store: InMemoryEventStore;
let logger: MemoryLogger;
let functionCounter = 0;

/** Each test registers its own function name so state never leaks between tests. */
function server(limits?: { maxEntryBytes: number; rejectedPayloadChars: number }) {
  store = new InMemoryEventStore();
  logger = new MemoryLogger();
  const service = new IngestService({
    store,
    logger,
    classifier: new RulesOnlyClassifier(),
    clock: { now: () => new Date('2026-11-21T03:00:05.000Z') },
    ...(limits ? { limits } : {}),
  });
  const name = `ingest-test-${(functionCounter += 1)}`;
  const handler = createIngestHandler(async () => service);
  cloudEvent<unknown>(name, async (event: CloudEvent<unknown>) => {
    await handler(event);
  });
  return getTestServer(name);
}

function messagePublished(data: string, messageId = '9876543210', snakeCase = false) {
  const message = snakeCase
    ? { data, attributes: { 'logging.googleapis.com/timestamp': '2026-11-21T03:00:02.021Z' }, message_id: messageId, publish_time: '2026-11-21T03:00:03.100Z' }
    : { data, attributes: { 'logging.googleapis.com/timestamp': '2026-11-21T03:00:02.021Z' }, messageId, publishTime: '2026-11-21T03:00:03.100Z' };
  return { message, subscription: 'projects/analytics-prod/subscriptions/eventarc-us-central1-ingest-sub-123' };
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function postBinary(app: ReturnType<typeof server>, body: unknown, id = 'evt-1') {
  return request(app)
    .post('/')
    .set('ce-specversion', '1.0')
    .set('ce-type', 'google.cloud.pubsub.topic.v1.messagePublished')
    .set('ce-source', '//pubsub.googleapis.com/projects/analytics-prod/topics/pipeline-logs')
    .set('ce-id', id)
    .set('ce-time', '2026-11-21T03:00:03.100Z')
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));
}

function postStructured(app: ReturnType<typeof server>, data: unknown, id = 'evt-1') {
  return request(app)
    .post('/')
    .set('content-type', 'application/cloudevents+json')
    .send(
      JSON.stringify({
        specversion: '1.0',
        type: 'google.cloud.pubsub.topic.v1.messagePublished',
        source: '//pubsub.googleapis.com/projects/analytics-prod/topics/pipeline-logs',
        id,
        time: '2026-11-21T03:00:03.100Z',
        datacontenttype: 'application/json',
        data,
      }),
    );
}

describe('ingest CloudEvent handler through the Functions Framework', () => {
  it('stores a BigQuery failure delivered in binary content mode as one classified event', async () => {
    const app = server();
    const response = await postBinary(app, messagePublished(base64(logEntryText)));
    expect(response.status).toBe(204);
    const events = [...store.events.values()];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'bigquery',
      pipelineId: 'daily-orders',
      runId: 'bqjob_r1a2b3c4d5_0000018c_1',
      status: 'failed',
      category: 'missing_dependency',
      identity: { logName: logEntry.logName, insertId: '-9w3k1ue2b1ka' },
    });
  });

  it('accepts structured content mode and snake_case message_id/publish_time', async () => {
    const app = server();
    const response = await postStructured(app, messagePublished(base64(logEntryText), '111', true));
    expect(response.status).toBe(204);
    expect(store.events.size).toBe(1);
  });

  it('stores the same LogEntry once when Pub/Sub delivers it twice with different message ids', async () => {
    const app = server();
    await postBinary(app, messagePublished(base64(logEntryText), 'm-1'), 'e-1').expect(204);
    await postBinary(app, messagePublished(base64(logEntryText), 'm-2'), 'e-2').expect(204);
    expect(store.events.size).toBe(1);
    expect(logger.lines.some((line) => line.message === 'duplicate delivery ignored')).toBe(true);
  });

  it('asks Pub/Sub to redeliver (500) when the store has a transient outage, then stores on retry', async () => {
    const app = server();
    store.failNextSaves = 1;
    await postBinary(app, messagePublished(base64(logEntryText))).expect(500);
    expect(store.events.size).toBe(0);
    await postBinary(app, messagePublished(base64(logEntryText))).expect(204);
    expect(store.events.size).toBe(1);
  });

  const badInputs: Array<[string, () => unknown, string]> = [
    ['data that is not base64', () => messagePublished('%%% not base64 %%%'), 'not_base64'],
    ['base64 that is not JSON', () => messagePublished(base64('Workflow failed. {oops')), 'not_json'],
    ['JSON that is not a LogEntry', () => messagePublished(base64(JSON.stringify({ hello: 'world' }))), 'not_log_entry'],
    [
      'a LogEntry from an unsupported resource type',
      () => messagePublished(base64(JSON.stringify({ ...logEntry, resource: { type: 'gce_instance', labels: { instance_id: '1' } } }))),
      'unsupported_source',
    ],
    ['a body that is not a Pub/Sub message', () => ({ hello: 'world' }), 'not_pubsub_event'],
  ];

  it.each(badInputs)('acknowledges and records %s with its reason code', async (_label, body, code) => {
    const app = server();
    await postBinary(app, body()).expect(204);
    expect(store.events.size).toBe(0);
    const rejected = [...store.rejected.values()];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBe(code);
    expect(rejected[0]?.message.length).toBeGreaterThan(0);
  });

  it('rejects an oversized payload without decoding it and keeps a truncated raw copy', async () => {
    const app = server({ maxEntryBytes: 1024, rejectedPayloadChars: 100 });
    const huge = JSON.stringify({ ...logEntry, textPayload: 'x'.repeat(5000) });
    await postBinary(app, messagePublished(base64(huge))).expect(204);
    const [rejection] = [...store.rejected.values()];
    expect(rejection?.reason).toBe('oversized');
    expect(rejection?.rawPayload.length).toBeLessThan(200);
  });

  it('masks a human email in the error message before it is stored or logged', async () => {
    const app = server();
    const withEmail = logEntryText.replace(
      /Not found: Table analytics-prod:staging.orders_raw was not found in location US/g,
      'Access Denied: Table analytics-prod:staging.orders_raw: User does not have permission to query table, or perhaps it does not exist. Requested by jane.doe@example.com',
    );
    await postBinary(app, messagePublished(base64(withEmail))).expect(204);
    const [event] = [...store.events.values()];
    expect(event?.errorMessage).toContain('[REDACTED_EMAIL]');
    expect(event?.errorMessage).not.toContain('jane.doe');
    expect(JSON.stringify(logger.lines)).not.toContain('jane.doe');
  });

  it('records a rejected delivery once when Pub/Sub redelivers it', async () => {
    const app = server();
    await postBinary(app, messagePublished('%%%', 'same-id')).expect(204);
    await postBinary(app, messagePublished('%%%', 'same-id')).expect(204);
    expect(store.rejected.size).toBe(1);
  });
});
