import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one local stand-in for Google REST APIs in tests: a plain HTTP/1.1 server on 127.0.0.1 that
 * records every request and answers from scripted routes. The real client library is pointed at it
 * (apiEndpoint), so its REST transport, request building and error parsing all run, and nothing
 * needs the network or credentials. Pair it with `guardNetwork` (network-guard.ts) and an offline
 * auth client (offline-google-auth.ts).
 *
 * Unmatched requests get a Google-style 404 (so a wrong path fails loudly instead of hanging) and
 * are listed in `unmatched`.
 */

/** One request exactly as it reached the server. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, percent-encoding kept as sent. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
  /** Whether a route answered it (false: it got the 404). */
  matched: boolean;
}

export interface ScriptedResponse {
  /** Defaults to 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as text/plain unless headers say otherwise. */
  text?: string;
  /** Holds the answer back, e.g. to exercise a client deadline. */
  delayMs?: number;
  /** Destroys the socket without answering, as a dropped connection would. */
  dropConnection?: boolean;
}

export type Responder = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

interface Route {
  method: string;
  path: string | RegExp;
  respond: Responder;
  remaining: number;
}

export class FakeGcpServer {
  readonly requests: RecordedRequest[] = [];
  private routes: Route[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1 on a free port. */
  static async start(): Promise<FakeGcpServer> {
    // The request handler is created before the instance it reports to.
    const holder: { instance?: FakeGcpServer } = {};
    const server = createServer((request, response) => {
      void holder.instance?.handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    holder.instance = new FakeGcpServer(server, (server.address() as AddressInfo).port);
    return holder.instance;
  }

  /** host:port, the form the generated (gax) clients take as apiEndpoint (with protocol 'http'). */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** http://127.0.0.1:PORT, the form @google-cloud/bigquery and plain HTTP callers take. */
  get baseUrl(): string {
    return `http://${this.host}`;
  }

  /**
   * Answers `method` requests whose path equals `path` (string) or matches it (RegExp). Routes are
   * tried in the order they were added; `times` limits how often one answers, after which later
   * routes (or the 404) apply — so `on(m, p, first, 1).on(m, p, second)` scripts a sequence.
   */
  on(method: string, path: string | RegExp, response: ScriptedResponse | Responder, times = Number.POSITIVE_INFINITY): this {
    const respond: Responder = typeof response === 'function' ? response : () => response;
    this.routes.push({ method: method.toUpperCase(), path, respond, remaining: times });
    return this;
  }

  /** Recorded requests for `method` whose path equals or matches `path`. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method.toUpperCase() && pathMatches(path, request.path));
  }

  /** Requests no route answered: a test should usually assert this is empty. */
  get unmatched(): RecordedRequest[] {
    return this.requests.filter((request) => !request.matched);
  }

  /** Forgets recorded requests and routes, keeping the port. */
  reset(): void {
    this.routes = [];
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const bodyText = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      bodyText,
      json: parseJson(bodyText),
      matched: false,
    };
    this.requests.push(recorded);

    let scripted: ScriptedResponse;
    const route = this.routes.find(
      (candidate) => candidate.remaining > 0 && candidate.method === recorded.method && pathMatches(candidate.path, recorded.path),
    );
    if (!route) {
      scripted = notFound(recorded);
    } else {
      recorded.matched = true;
      route.remaining -= 1;
      try {
        scripted = await route.respond(recorded);
      } catch (error) {
        scripted = googleError(500, 'INTERNAL', `fake server: responder threw ${String(error)}`, { reason: 'internalError' });
      }
    }
    if (scripted.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted.dropConnection) {
      request.socket.destroy();
      return;
    }
    const headers: Record<string, string> = { ...(scripted.headers ?? {}) };
    let body = '';
    if (scripted.json !== undefined) {
      body = JSON.stringify(scripted.json);
      headers['content-type'] ??= 'application/json; charset=UTF-8';
    } else if (scripted.text !== undefined) {
      body = scripted.text;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    }
    // The client may have given up (deadline) while the answer was held back.
    if (response.destroyed) return;
    response.writeHead(scripted.status ?? 200, headers);
    response.end(body);
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

function pathMatches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

function notFound(request: RecordedRequest): ScriptedResponse {
  return googleError(404, 'NOT_FOUND', `fake server has no route for ${request.method} ${request.path}`, { reason: 'notFound' });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
