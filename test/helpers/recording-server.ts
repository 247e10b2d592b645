import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that stands in for a Google REST API in tests: the real client library is
 * pointed at it (apiEndpoint), every request is recorded, and responses are scripted per route.
 * Nothing leaves 127.0.0.1, so tests need neither network nor credentials.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, percent-decoding left as sent. */
  path: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  /** Which route answered; undefined when none matched (answered 404). */
  route?: string;
}

export interface ScriptedResponse {
  /** Defaults to 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Objects and arrays are sent as JSON; strings as they are. */
  body?: unknown;
  /** Holds the response back, e.g. to exercise client timeouts. */
  delayMs?: number;
  /** Destroys the socket without answering, as a dropped connection would. */
  dropConnection?: boolean;
}

export type Responder = ScriptedResponse | ((request: RecordedRequest, match: RegExpExecArray) => ScriptedResponse | Promise<ScriptedResponse>);

interface Route {
  name: string;
  method: string;
  path: RegExp;
  /** Consumed in order; the last one answers every later call. */
  responses: Responder[];
  calls: number;
}

/** The error body Google JSON APIs return, so client libraries parse code, message and reason. */
export function googleApiError(status: number, message: string, reason = 'backendError'): ScriptedResponse {
  return {
    status,
    body: { error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: statusName(status) } },
  };
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ALREADY_EXISTS',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return names[status] ?? 'UNKNOWN';
}

export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1 on a free port. */
  static async start(): Promise<RecordingServer> {
    // The handler needs the instance, which needs the port, which exists only after listen.
    const holder: { instance?: RecordingServer } = {};
    const server = createServer((request, response) => {
      void holder.instance?.handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    holder.instance = new RecordingServer(server, (server.address() as AddressInfo).port);
    return holder.instance;
  }

  /** e.g. http://127.0.0.1:43123 — what a client's apiEndpoint should be set to. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Answers `method` requests whose path matches `path` with the given responses in turn (the last
   * repeats). Routes added later win over earlier ones, so a test can override a default.
   */
  route(method: string, path: RegExp, ...responses: Responder[]): this {
    if (responses.length === 0) throw new Error('route needs at least one response');
    this.routes.unshift({ name: `${method.toUpperCase()} ${path.source}`, method: method.toUpperCase(), path, responses, calls: 0 });
    return this;
  }

  /** Requests that matched a route for `method` and `path`. */
  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method.toUpperCase() && path.test(request.path));
  }

  /** Requests no route answered: a test should usually assert this is empty. */
  get unmatched(): RecordedRequest[] {
    return this.requests.filter((request) => request.route === undefined);
  }

  /** Forgets recorded requests and routes, keeping the port. */
  reset(): void {
    this.requests.length = 0;
    this.routes.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const url = new URL(request.url ?? '/', this.url);
    const recorded: RecordedRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: queryOf(url),
      headers: request.headers,
      rawBody,
      body: parseJson(rawBody),
    };
    this.requests.push(recorded);

    let scripted: ScriptedResponse;
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of this.routes) {
      if (candidate.method !== recorded.method) continue;
      match = candidate.path.exec(recorded.path);
      if (match) {
        route = candidate;
        break;
      }
    }
    if (!route || !match) {
      scripted = googleApiError(404, `recording server: no route for ${recorded.method} ${recorded.path}`, 'notFound');
    } else {
      recorded.route = route.name;
      const responder = route.responses[Math.min(route.calls, route.responses.length - 1)] as Responder;
      route.calls += 1;
      try {
        scripted = typeof responder === 'function' ? await responder(recorded, match) : responder;
      } catch (error) {
        scripted = googleApiError(500, `recording server: responder threw ${String(error)}`, 'internalError');
      }
    }
    if (scripted.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted.dropConnection) {
      request.socket.destroy();
      return;
    }
    const isText = typeof scripted.body === 'string';
    const payload = scripted.body === undefined ? '' : isText ? (scripted.body as string) : JSON.stringify(scripted.body);
    response.writeHead(scripted.status ?? 200, {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...scripted.headers,
    });
    response.end(payload);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
