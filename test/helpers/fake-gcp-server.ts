import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';

/** One request exactly as it reached the fake server. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, percent-encoding kept as sent. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

export type Responder = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

interface Route {
  method: string;
  path: string | RegExp;
  respond: Responder;
  remaining: number;
}

/**
 * A plain HTTP/1.1 server on 127.0.0.1 that records every request and answers from scripted routes,
 * so client libraries can be exercised over their real REST transport without reaching Google.
 * Unmatched requests get a Google-style 404 so a wrong path fails loudly instead of hanging.
 */
export class FakeGcpServer {
  readonly requests: RecordedRequest[] = [];
  private routes: Route[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeGcpServer> {
    // The request handler is created before the instance it reports to.
    const holder: { instance?: FakeGcpServer } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const url = new URL(req.url ?? '/', 'http://127.0.0.1');
          const bodyText = Buffer.concat(chunks).toString('utf8');
          const recorded: RecordedRequest = {
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            headers: req.headers,
            bodyText,
            json: parseJson(bodyText),
          };
          holder.instance?.requests.push(recorded);
          const scripted = await (holder.instance?.answer(recorded) ?? notFound(recorded));
          const headers: Record<string, string> = { ...(scripted.headers ?? {}) };
          let body = '';
          if (scripted.json !== undefined) {
            body = JSON.stringify(scripted.json);
            headers['content-type'] ??= 'application/json; charset=UTF-8';
          } else if (scripted.text !== undefined) {
            body = scripted.text;
            headers['content-type'] ??= 'text/plain; charset=utf-8';
          }
          res.writeHead(scripted.status ?? 200, headers);
          res.end(body);
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const instance = new FakeGcpServer(server, (server.address() as AddressInfo).port);
    holder.instance = instance;
    return instance;
  }

  /** host:port, the form most Google clients take as apiEndpoint. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get baseUrl(): string {
    return `http://${this.host}`;
  }

  /** Answers matching requests; `times` limits how often (then later routes or the 404 apply). */
  on(method: string, path: string | RegExp, response: ScriptedResponse | Responder, times = Number.POSITIVE_INFINITY): this {
    const respond: Responder = typeof response === 'function' ? response : () => response;
    this.routes.push({ method: method.toUpperCase(), path, respond, remaining: times });
    return this;
  }

  reset(): void {
    this.routes = [];
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private answer(request: RecordedRequest): Promise<ScriptedResponse> | ScriptedResponse {
    const route = this.routes.find(
      (candidate) =>
        candidate.remaining > 0 &&
        candidate.method === request.method &&
        (typeof candidate.path === 'string' ? candidate.path === request.path : candidate.path.test(request.path)),
    );
    if (!route) return notFound(request);
    route.remaining -= 1;
    return route.respond(request);
  }
}

/** The JSON error body Google REST APIs return (google.rpc.Status mapped to HTTP). */
export function googleError(
  httpStatus: number,
  status: string,
  message: string,
  extra: { reason?: string; domain?: string; details?: unknown[] } = {},
): ScriptedResponse {
  const error: Record<string, unknown> = { code: httpStatus, message, status };
  if (extra.reason) error.errors = [{ message, domain: extra.domain ?? 'global', reason: extra.reason }];
  if (extra.details) error.details = extra.details;
  return { status: httpStatus, json: { error } };
}

function notFound(request: RecordedRequest): ScriptedResponse {
  return googleError(404, 'NOT_FOUND', `fake server has no route for ${request.method} ${request.path}`);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const TEST_ACCESS_TOKEN = 'ya29.test-access-token';

/**
 * An OAuth2 client holding a fixed, unexpired access token and no refresh token: it can sign
 * requests but has nothing to refresh with, so it never calls oauth2.googleapis.com or the metadata server.
 *
 * Its transport is Node's built-in fetch because gaxios otherwise loads node-fetch with a dynamic
 * import(), which Jest's CommonJS runtime refuses (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG).
 */
export function offlineAuthClient(token = TEST_ACCESS_TOKEN): OAuth2Client {
  const client = new OAuth2Client({ transporterOptions: { fetchImplementation: fetch } });
  client.setCredentials({ access_token: token, token_type: 'Bearer', expiry_date: Date.now() + 3_600_000 });
  return client;
}

export interface NetworkGuard {
  /** host:port of every outbound TCP connection refused because it was not to loopback. */
  readonly blocked: string[];
  restore(): void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);

/**
 * Fails every TCP connection that is not to loopback, whichever HTTP stack opens it (node:http agents
 * and the fetch built into Node both end in net.Socket#connect). A test that needs credentials or the
 * internet therefore fails instead of passing by luck, and `blocked` says where it tried to go.
 */
export function guardNetwork(): NetworkGuard {
  const blocked: string[] = [];
  const original = net.Socket.prototype.connect;
  function guarded(this: net.Socket, ...args: unknown[]): net.Socket {
    const target = connectTarget(args);
    if (target && !LOOPBACK.has(target.host)) {
      blocked.push(`${target.host}:${target.port}`);
      process.nextTick(() => this.destroy(new Error(`test network guard: connection to ${target.host}:${target.port} refused`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  }
  net.Socket.prototype.connect = guarded as typeof net.Socket.prototype.connect;
  return {
    blocked,
    restore: () => {
      net.Socket.prototype.connect = original;
    },
  };
}

function connectTarget(args: unknown[]): { host: string; port: string } | undefined {
  let first = args[0];
  // net.connect passes its normalized [options, callback] pair as the first argument.
  if (Array.isArray(first)) first = first[0];
  if (first && typeof first === 'object') {
    const options = first as { host?: unknown; port?: unknown; path?: unknown };
    if (typeof options.path === 'string') return undefined;
    return { host: typeof options.host === 'string' ? options.host : 'localhost', port: String(options.port ?? '') };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: String(first) };
  }
  return undefined;
}
