import { FakeGcpServer, googleError } from './fake-gcp-server';
import { guardNetwork } from './network-guard';
import { FixedTokenAuthClient, offlineAuthClient } from './offline-google-auth';

describe('FakeGcpServer', () => {
  let server: FakeGcpServer;
  beforeEach(async () => {
    server = await FakeGcpServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('records method, path, query, headers and JSON body, and answers from the matching route', async () => {
    server.on('POST', /^\/v1\/projects\/[^/]+\/topics\/[^/:]+:publish$/, (request) => ({ json: { messageIds: ['1'], echoed: request.json } }));
    const response = await fetch(`${server.baseUrl}/v1/projects/p1/topics/t1:publish?alt=json&x=1&x=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: JSON.stringify({ messages: [{ data: 'aGk=' }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ messageIds: ['1'], echoed: { messages: [{ data: 'aGk=' }] } });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/projects/p1/topics/t1:publish', json: { messages: [{ data: 'aGk=' }] }, matched: true });
    expect(request?.query.get('alt')).toBe('json');
    expect(request?.query.getAll('x')).toEqual(['1', '2']);
    expect(request?.headers.authorization).toBe('Bearer t');
    expect(server.requestsTo('post', /:publish$/)).toHaveLength(1);
  });

  it('scripts a sequence with `times`: routes are tried in order until used up', async () => {
    server.on('GET', '/status', googleError(503, 'UNAVAILABLE', 'down'), 1).on('GET', '/status', { json: { ok: true } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${server.baseUrl}/status`)).status);
    expect(statuses).toEqual([503, 200, 200]);
  });

  it('answers unrouted requests with a Google-style 404 and lists them as unmatched', async () => {
    const response = await fetch(`${server.baseUrl}/nowhere`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND', errors: [{ reason: 'notFound' }] } });
    expect(server.unmatched.map((request) => `${request.method} ${request.path}`)).toEqual(['DELETE /nowhere']);
  });

  it('can hold an answer back and drop a connection', async () => {
    server.on('GET', '/slow', { delayMs: 300, json: {} }).on('GET', '/drop', { dropConnection: true });
    await expect(fetch(`${server.baseUrl}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await expect(fetch(`${server.baseUrl}/drop`)).rejects.toThrow();
    expect(server.requests.map((request) => request.path)).toEqual(['/slow', '/drop']);
  });
});

describe('offline auth', () => {
  it('signs with the fixed token and counts (and refuses) refresh attempts', async () => {
    const guard = guardNetwork();
    try {
      const auth = offlineAuthClient('ya29.fixed');
      expect((await auth.getRequestHeaders()).get('authorization')).toBe('Bearer ya29.fixed');
      const expired = new FixedTokenAuthClient('ya29.old');
      expired.setCredentials({ access_token: 'ya29.old', expiry_date: Date.now() - 1000, refresh_token: 'r' });
      await expect(expired.getAccessToken()).rejects.toThrow(/token refresh was attempted/);
      expect(expired.refreshAttempts).toBe(1);
      expect(guard.blocked).toEqual([]);
    } finally {
      guard.restore();
    }
  });
});
