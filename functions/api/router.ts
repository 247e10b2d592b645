import type { Request, Response } from '@google-cloud/functions-framework';
import type { Role } from '../../shared/src/core/access/roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteContext<D> {
  request: Request;
  response: Response;
  /** Path parameters by name, URL-decoded: "/pipelines/:id" gives { id }. */
  params: Record<string, string>;
  deps: D;
}

export type RouteHandler<D> = (context: RouteContext<D>) => Promise<void>;

interface Route<D> {
  method: HttpMethod;
  pattern: RegExp;
  keys: string[];
  role: Role;
  handler: RouteHandler<D>;
}

/** Checks the caller before a route runs; false when it answered the request itself (401/403/503). */
export type RouteGate = (request: Request, response: Response, role: Role) => Promise<boolean>;

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}

/**
 * The api function's routes. Features register theirs (registerPipelineRoutes, later the console and
 * risk routes); the router answers 404 for an unknown path and 405 (with Allow) for a known path
 * asked with another method, always as JSON.
 */
export class Router<D> {
  private readonly routes: Route<D>[] = [];

  /** `role` is the least access-policy role a caller needs (reads: viewer; changes: operator and up). */
  on(method: HttpMethod, path: string, role: Role, handler: RouteHandler<D>): this {
    this.routes.push({ method, ...compile(path), role, handler });
    return this;
  }

  get(path: string, role: Role, handler: RouteHandler<D>): this {
    return this.on('GET', path, role, handler);
  }

  post(path: string, role: Role, handler: RouteHandler<D>): this {
    return this.on('POST', path, role, handler);
  }

  /** Runs the matching route behind the gate; false when none matched (the response was answered with 404 or 405). */
  async dispatch(request: Request, response: Response, deps: D, gate?: RouteGate): Promise<boolean> {
    const path = request.path.replace(/\/+$/, '') || '/';
    const allowed: HttpMethod[] = [];
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (match === null) continue;
      if (route.method !== request.method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(match[index + 1] as string);
      });
      if (gate !== undefined && !(await gate(request, response, route.role))) return true;
      await route.handler({ request, response, params, deps });
      return true;
    }
    if (allowed.length > 0) {
      response.status(405).set('Allow', [...new Set(allowed)].join(', ')).json({ error: `${request.method} is not allowed on ${path}`, allowed });
    } else {
      response.status(404).json({ error: `no route for ${request.method} ${path}` });
    }
    return false;
  }
}
