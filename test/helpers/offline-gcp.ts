import { FakeGcpServer } from './fake-gcp-server';
import { guardNetwork, type NetworkGuard } from './network-guard';

export interface OfflineGcp {
  /** The local fake GCP server; available from the first beforeAll of the enclosing block on. */
  readonly server: FakeGcpServer;
  /** host:port of every connection refused so far because it was not to loopback. */
  readonly blocked: readonly string[];
}

/**
 * For the enclosing test file or describe block: the network guard and one local fake GCP server.
 * After every test it clears the server's routes and recordings, then asserts that nothing left
 * loopback (and, with strictRoutes, that every request of that test met a scripted route); both go
 * away at the end.
 */
export function offlineGcp(options: { strictRoutes?: boolean } = {}): OfflineGcp {
  let server: FakeGcpServer | undefined;
  let guard: NetworkGuard | undefined;
  beforeAll(async () => {
    guard = guardNetwork();
    server = await FakeGcpServer.start();
  });
  afterEach(() => {
    const unmatched = [...(server?.unmatched ?? [])];
    server?.reset();
    expect(guard?.blocked).toEqual([]);
    if (options.strictRoutes === true) expect(unmatched).toEqual([]);
  });
  afterAll(async () => {
    await server?.close();
    guard?.restore();
  });
  return {
    get server(): FakeGcpServer {
      if (server === undefined) throw new Error('offlineGcp: the fake server starts in beforeAll');
      return server;
    },
    get blocked(): readonly string[] {
      if (guard === undefined) throw new Error('offlineGcp: the network guard is installed in beforeAll');
      return guard.blocked;
    },
  };
}
