import { googleApiError, RecordingServer } from './recording-server';

describe('RecordingServer', () => {
  let server: RecordingServer;
  beforeEach(async () => {
    server = await RecordingServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('records method, path, query, headers and JSON body, and answers from the matching route', async () => {
    server.route('POST', /^\/v1\/projects\/([^/]+)\/topics\/([^/:]+):publish$/, (request, match) => ({
      status: 200,
      body: { messageIds: [`${match[1]}/${match[2]}`], echoed: request.body },
    }));
    const response = await fetch(`${server.url}/v1/projects/p1/topics/t1:publish?alt=json&x=1&x=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: JSON.stringify({ messages: [{ data: 'aGk=' }] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ messageIds: ['p1/t1'], echoed: { messages: [{ data: 'aGk=' }] } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/projects/p1/topics/t1:publish',
      query: { alt: 'json', x: ['1', '2'] },
      body: { messages: [{ data: 'aGk=' }] },
      route: expect.stringContaining('POST'),
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer t');
  });

  it('plays scripted responses in order and repeats the last', async () => {
    server.route('GET', /^\/status$/, googleApiError(503, 'down'), { status: 200, body: { ok: true } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${server.url}/status`)).status);
    expect(statuses).toEqual([503, 200, 200]);
  });

  it('answers unrouted requests with a Google-style 404 and lists them as unmatched', async () => {
    const response = await fetch(`${server.url}/nowhere`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND', errors: [{ reason: 'notFound' }] } });
    expect(server.unmatched.map((request) => `${request.method} ${request.path}`)).toEqual(['DELETE /nowhere']);
  });

  it('lets a later route override an earlier one for the same path', async () => {
    server.route('GET', /^\/thing$/, { body: 'first' });
    server.route('GET', /^\/thing$/, { body: 'second' });
    expect(await (await fetch(`${server.url}/thing`)).text()).toBe('second');
  });
});
