import { PubSubRemediationPublisher } from '../../shared/src/adapters/pubsub/pubsub-remediation-publisher';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { outcomeRequest, parseRemediationRequest } from '../../shared/src/core/remediation/remediation-request-codec';
import { FakeGcpServer, googleError } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../helpers/offline-google-auth';
import { failure, request } from '../helpers/remediation-fakes';

const PUBLISH_PATH = '/v1/projects/acme-data/topics/remediation-requests:publish';

let server: FakeGcpServer;
const gcp = offlineGcp({ strictRoutes: true });

beforeAll(() => {
  server = gcp.server;
});

function publisher(extra: { topic?: string; orderByPipeline?: boolean; timeoutMs?: number } = {}): PubSubRemediationPublisher {
  return new PubSubRemediationPublisher({ projectId: 'acme-data', apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient(), ...extra });
}

type PublishBody = { messages: Array<{ data: string; attributes: Record<string, string>; orderingKey?: string }> };

describe('PubSubRemediationPublisher (topics.publish)', () => {
  it('publishes the request as base64 JSON with eventId, pipelineId and status attributes, and no ordering key by default', async () => {
    server.on('POST', PUBLISH_PATH, { json: { messageIds: ['9211048310000001'] } });
    const sent = request('network_timeout', {}, { originalJob: undefined });

    await expect(publisher().publish(sent)).resolves.toBeUndefined();

    const [call] = server.requests;
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe(PUBLISH_PATH);
    expect(call?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    // The topic travels in the path only (POST /v1/{topic=projects/*/topics/*}:publish, body: PublishRequest without it).
    expect(call?.json).toEqual({
      messages: [
        {
          data: Buffer.from(JSON.stringify(sent)).toString('base64'),
          attributes: { eventId: 'evt-1', pipelineId: 'acme-data.sales.orders', status: 'failed' },
        },
      ],
    });
    // What the remediate side reads back is the request that was sent.
    const data = (call?.json as PublishBody).messages[0]?.data as string;
    expect(parseRemediationRequest(JSON.parse(Buffer.from(data, 'base64').toString('utf8')))).toEqual(sent);
  });

  it('sends pipelineId as orderingKey when ordering is enabled', async () => {
    server.on('POST', PUBLISH_PATH, { json: { messageIds: ['1'] } });
    await publisher({ orderByPipeline: true }).publish(outcomeRequest({ ...failure(), status: 'succeeded', errorMessage: undefined }));
    const message = (server.requests[0]?.json as PublishBody).messages[0];
    expect(message?.orderingKey).toBe('acme-data.sales.orders');
    expect(message?.attributes).toEqual({ eventId: 'evt-1', pipelineId: 'acme-data.sales.orders', status: 'succeeded' });
  });

  it('publishes to a topic named in full, in another project', async () => {
    const path = '/v1/projects/acme-ops/topics/remediation-requests-eu:publish';
    server.on('POST', path, { json: { messageIds: ['2'] } });
    await publisher({ topic: 'projects/acme-ops/topics/remediation-requests-eu' }).publish(request('network_timeout'));
    expect(server.requestsTo('POST', path)).toHaveLength(1);
  });

  it('refuses a malformed topic name when it is built', () => {
    expect(() => publisher({ topic: 'projects/acme-data/subscriptions/x' })).toThrow(RangeError);
    expect(() => publisher({ topic: 'goog-reserved' })).toThrow('must be a topic id');
  });

  it.each([
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('throws TransientStoreError for HTTP %i %s after a single attempt', async (code, status) => {
    server.on('POST', PUBLISH_PATH, googleError(code, status, `simulated ${status}`));
    const error = await publisher().publish(request('network_timeout')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientStoreError);
    expect((error as Error).message).toBe(
      `remediation request for event evt-1: pubsub topics.publish projects/acme-data/topics/remediation-requests failed: HTTP ${code} ${status}: simulated ${status}`,
    );
    expect((error as Error).cause).toBeDefined();
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [400, 'INVALID_ARGUMENT', 'Request payload size exceeds the limit: 10485760 bytes.'],
    [403, 'PERMISSION_DENIED', 'User not authorized to perform this action.'],
    [404, 'NOT_FOUND', 'Resource not found (resource=remediation-requests).'],
  ])('throws PermanentStoreError for HTTP %i %s', async (code, status, text) => {
    server.on('POST', PUBLISH_PATH, googleError(code, status, text));
    const error = await publisher().publish(request('network_timeout')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'evt-1', reason: status, message: text }]);
  });

  it('throws TransientStoreError when the connection drops or the answer does not come in time', async () => {
    server.on('POST', PUBLISH_PATH, { dropConnection: true }, 1).on('POST', PUBLISH_PATH, { delayMs: 400, json: { messageIds: ['3'] } });
    await expect(publisher().publish(request('network_timeout'))).rejects.toBeInstanceOf(TransientStoreError);
    const late = await publisher({ timeoutMs: 100 }).publish(request('network_timeout')).catch((caught: unknown) => caught);
    expect(late).toBeInstanceOf(TransientStoreError);
    expect((late as Error).message).toContain('DEADLINE_EXCEEDED');
  });

  it('treats an answer without a message id as not published (transient)', async () => {
    server.on('POST', PUBLISH_PATH, { json: {} });
    await expect(publisher().publish(request('network_timeout'))).rejects.toThrow(/without a message id/);
  });

  it('refuses an attribute Pub/Sub would reject (over 1024 bytes) without calling the API', async () => {
    const long = request('network_timeout', { pipelineId: 'p'.repeat(1025) });
    await expect(publisher().publish(long)).rejects.toBeInstanceOf(PermanentStoreError);
    expect(server.requests).toHaveLength(0);
  });
});
