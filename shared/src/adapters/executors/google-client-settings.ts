import { GoogleAuth, type AuthClient } from 'google-auth-library';

/** How an adapter reaches one Google API. Every field has a production default. */
export interface GoogleApiSettings {
  /** host or host:port of the API; default the service's public endpoint. */
  apiEndpoint?: string;
  /** 'http' only for a local fake or emulator; default https. */
  protocol?: 'http' | 'https';
  /** Credentials (e.g. `await new GoogleAuth().getClient()`); default Application Default Credentials. */
  auth?: AuthClient;
  /**
   * Deadline of one call. Every adapter makes a single attempt: the remediate use case retries from
   * ExecutionResult.retryable, so each attempt passes its budget and circuit breaker.
   */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Constructor options shared by the generated (google-gax) clients, always on the REST transport. */
export interface GaxRestClientOptions {
  fallback: true;
  apiEndpoint?: string;
  port?: number;
  protocol?: 'http' | 'https';
  authClient?: AuthClient;
}

/**
 * REST rather than gRPC: one HTTP/1.1 + JSON transport for every executor, the same one the tests
 * drive against a local server, and no gRPC channel to open on a cold start.
 *
 * `Options` is the client's own constructor options type. The cast exists because google-gax bundles
 * its own google-auth-library (10.5) whose AuthClient is nominally distinct from the top-level one
 * (10.9); gax only calls getRequestHeaders/fetch/universeDomain on it, which both provide.
 */
export function gaxRestOptions<Options>(settings: GoogleApiSettings): Options {
  const options: GaxRestClientOptions = { fallback: true };
  if (settings.apiEndpoint) {
    // The generated clients pass their default port (443) explicitly, which overrides a port
    // embedded in apiEndpoint, so the two are split here.
    const { host, port } = splitHostPort(settings.apiEndpoint);
    options.apiEndpoint = host;
    if (port !== undefined) options.port = port;
  }
  if (settings.protocol) options.protocol = settings.protocol;
  if (settings.auth) options.authClient = settings.auth;
  return options as unknown as Options;
}

/** Per-call google-gax options: one attempt (no library retry), and the deadline for transports that honour it. */
export function gaxCallOptions(settings: GoogleApiSettings): { timeout: number; maxRetries: number } {
  return { timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxRetries: 0 };
}

function splitHostPort(endpoint: string): { host: string; port?: number } {
  const bare = endpoint.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const match = /^(.*):(\d+)$/.exec(bare);
  if (!match?.[1] || !match[2]) return { host: bare };
  return { host: match[1], port: Number(match[2]) };
}

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Credentials for adapters that call a REST endpoint through google-auth-library directly: the
 * configured client, or Application Default Credentials resolved once on first use.
 */
export class LazyAuth {
  private pending?: Promise<AuthClient>;

  constructor(
    private readonly configured?: AuthClient,
    private readonly scopes: readonly string[] = [CLOUD_PLATFORM_SCOPE],
  ) {}

  client(): Promise<AuthClient> {
    if (this.configured) return Promise.resolve(this.configured);
    this.pending ??= new GoogleAuth({ scopes: [...this.scopes] }).getClient().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  params?: Record<string, string>;
  data?: unknown;
  timeoutMs: number;
}

/**
 * One authorized JSON call with no transport-level retry (the caller decides from `retryable`).
 * Non-2xx answers throw the GaxiosError, whose parsed body describeApiError reads.
 */
export async function requestJson(auth: LazyAuth, request: JsonRequest): Promise<{ status: number; data: unknown }> {
  const client = await auth.client();
  const response = await client.request<unknown>({
    method: request.method,
    url: request.url,
    ...(request.params ? { params: request.params } : {}),
    ...(request.data !== undefined ? { data: request.data, headers: { 'Content-Type': 'application/json' } } : {}),
    timeout: request.timeoutMs,
    responseType: 'json',
    retry: false,
  });
  return { status: response.status, data: response.data };
}

/** scheme://host[:port] of an API, from the settings or the service's public endpoint. */
export function baseUrl(settings: GoogleApiSettings, defaultHost: string): string {
  const endpoint = (settings.apiEndpoint ?? defaultHost).replace(/\/+$/, '');
  return /^https?:\/\//.test(endpoint) ? endpoint : `${settings.protocol ?? 'https'}://${endpoint}`;
}

/**
 * Holds one generated (google-gax) client. Their methods run `this.initialize().catch(err => { throw err })`
 * without awaiting it, so a failed initialization (no credentials, say) becomes an unhandled rejection
 * that ends the process. Initializing here first, and dropping a client whose initialization failed,
 * keeps that failure an ordinary error of the one call, and lets the next call try again.
 */
export class GaxClient<C extends { initialize(): Promise<unknown> }> {
  private client?: C;

  constructor(private readonly create: () => C) {}

  async ready(): Promise<C> {
    const client = (this.client ??= this.create());
    try {
      await client.initialize();
      return client;
    } catch (error) {
      if (this.client === client) this.client = undefined;
      throw error;
    }
  }
}

/** A call got no answer in time. Named like the DOMException fetch raises, so both read as DEADLINE_EXCEEDED. */
export class CallTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Bounds a generated-client call by the settings' deadline. google-gax's REST transport does not
 * enforce the per-call `timeout`, so without this a hung connection would hold the function until
 * its own timeout. The request may still take effect after the deadline,
 * which the error says, since the outcome is unknown rather than failed.
 */
export function withDeadline<T>(call: Promise<T> & { cancel?: () => void }, settings: GoogleApiSettings): Promise<T> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      call.cancel?.();
      reject(new CallTimeoutError(`no answer within ${timeoutMs} ms; the request may still have been applied`));
    }, timeoutMs);
  });
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}
