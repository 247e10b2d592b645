import { SecretManagerVersionInspector } from '../../../shared/src/adapters/executors/secret-version-inspector';
import { SecretInspectionError } from '../../../shared/src/core/remediation/secret-inspector';
import { FakeGcpServer, googleError } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let inspector: SecretManagerVersionInspector;

beforeAll(() => {
  server = gcp.server;
  inspector = new SecretManagerVersionInspector({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() });
});

const LIST_PATH = '/v1/projects/analytics-prod/secrets/orders-db-password/versions';
const LATEST_PATH = '/v1/projects/analytics-prod/secrets/orders-db-password/versions/latest';
const NAME = 'projects/418327550115/secrets/orders-db-password/versions';
/** The REST transport asks for integer enums: 1 ENABLED, 2 DISABLED, 3 DESTROYED. */
const STATE = { ENABLED: 1, DISABLED: 2, DESTROYED: 3 } as const;

const v7 = { name: `${NAME}/7`, createTime: '2026-11-20T22:14:05.118392Z', state: STATE.DISABLED, replicationStatus: { automatic: {} }, etag: '"1643e0b2c1e3f1"' };
const v6 = { name: `${NAME}/6`, createTime: '2026-10-01T08:00:00.250Z', state: STATE.ENABLED, replicationStatus: { automatic: {} }, etag: '"16425a7c0d4b2e"' };
const v5 = {
  name: `${NAME}/5`,
  createTime: '2026-06-01T08:00:00Z',
  destroyTime: '2026-09-01T08:00:00Z',
  state: STATE.DESTROYED,
  replicationStatus: { automatic: {} },
  etag: '"163f9e2a1b0c5d"',
};

describe('SecretManagerVersionInspector', () => {
  it('lists every page of versions, resolves latest, and sorts versions by state', async () => {
    server.on('GET', LIST_PATH, (request) =>
      request.query.get('pageToken') === 'CgZ2ZXJzaW9ucy81'
        ? { json: { versions: [v5], totalSize: 3 } }
        : { json: { versions: [v7, v6], nextPageToken: 'CgZ2ZXJzaW9ucy81', totalSize: 3 } },
    );
    server.on('GET', LATEST_PATH, { json: v7 });

    const inspection = await inspector.inspect({ projectId: 'analytics-prod', secretId: 'orders-db-password' });

    expect(inspection).toEqual({
      secret: 'projects/analytics-prod/secrets/orders-db-password',
      latest: { name: `${NAME}/7`, version: '7', state: 'DISABLED', createTime: '2026-11-20T22:14:05.118Z' },
      latestEnabled: false,
      enabled: [{ name: `${NAME}/6`, version: '6', state: 'ENABLED', createTime: '2026-10-01T08:00:00.250Z' }],
      disabled: [{ name: `${NAME}/7`, version: '7', state: 'DISABLED', createTime: '2026-11-20T22:14:05.118Z' }],
      destroyed: [
        { name: `${NAME}/5`, version: '5', state: 'DESTROYED', createTime: '2026-06-01T08:00:00.000Z', destroyTime: '2026-09-01T08:00:00.000Z' },
      ],
    });
    expect(server.requests.map((request) => `${request.method} ${request.path} ${request.query.get('pageToken') ?? ''}`.trim())).toEqual([
      `GET ${LIST_PATH}`,
      `GET ${LIST_PATH} CgZ2ZXJzaW9ucy81`,
      `GET ${LATEST_PATH}`,
    ]);
    expect(server.requests.every((request) => request.headers.authorization === `Bearer ${TEST_ACCESS_TOKEN}`)).toBe(true);
    expect(server.requests.some((request) => request.path.endsWith(':access'))).toBe(false);
  });

  it('reports a secret without versions as having no latest, without asking for it', async () => {
    server.on('GET', LIST_PATH, { json: {} });

    const inspection = await inspector.inspect({ projectId: 'analytics-prod', secretId: 'orders-db-password' });

    expect(inspection).toMatchObject({ latest: null, latestEnabled: false, enabled: [], disabled: [], destroyed: [] });
    expect(server.requests).toHaveLength(1);
  });

  it('throws a permanent SecretInspectionError for a missing secret', async () => {
    server.on(
      'GET',
      LIST_PATH,
      googleError(404, 'NOT_FOUND', 'Secret [projects/418327550115/secrets/orders-db-password] not found.'),
    );

    const error = await inspector.inspect({ projectId: 'analytics-prod', secretId: 'orders-db-password' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SecretInspectionError);
    expect(error).toMatchObject({ retryable: false, httpStatus: 404 });
    expect((error as Error).message).toBe(
      'secretmanager versions.list projects/analytics-prod/secrets/orders-db-password failed: HTTP 404 NOT_FOUND: Secret [projects/418327550115/secrets/orders-db-password] not found.',
    );
  });

  it.each([
    [403, 'PERMISSION_DENIED', false],
    [429, 'RESOURCE_EXHAUSTED', true],
    [503, 'UNAVAILABLE', true],
  ])('maps HTTP %i %s to retryable=%s after a single attempt', async (code, status, retryable) => {
    server.on('GET', LIST_PATH, googleError(code, status, `simulated ${status}`));

    const error = await inspector.inspect({ projectId: 'analytics-prod', secretId: 'orders-db-password' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'SecretInspectionError', retryable, httpStatus: code });
    expect(server.requests).toHaveLength(1);
  });
});
