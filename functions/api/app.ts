import type { Request, Response } from '@google-cloud/functions-framework';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import type { SnapshotService } from '../../shared/src/core/health/snapshot-service';
import type { Logger } from '../../shared/src/core/ports/logger';
import type { AccessControl } from '../http/access-control';
import { type RouteGate, Router } from './router';
import { registerPipelineRoutes } from './routes/pipelines';

/** What the api routes use; built once per instance. Later features add their services here. */
export interface ApiDependencies {
  snapshots: SnapshotService;
  /** Verifies the caller (IAP or Google ID token) against the access policy; absent only for the local CLI's in-process use. */
  access?: AccessControl;
}

function gateOf(access: AccessControl | undefined, logger: Logger): RouteGate | undefined {
  if (access === undefined) return undefined;
  return async (request, response, role) => {
    const verdict = await access.check(request, { role });
    if (verdict.allowed) return true;
    logger.log('WARNING', `api ${request.method} ${request.path} refused`, { code: verdict.code, detail: verdict.error });
    response.status(verdict.status).json({ error: verdict.error, code: verdict.code });
    return false;
  };
}

export function apiRouter(): Router<ApiDependencies> {
  const router = new Router<ApiDependencies>();
  registerPipelineRoutes(router);
  return router;
}

/**
 * The api HTTP function: read-only health endpoints for people and the console. A store that cannot
 * answer is a 503 the caller may retry (with the cause logged), never an unhandled crash.
 */
export function createApi(getDependencies: () => Promise<ApiDependencies>, logger: Logger, router: Router<ApiDependencies> = apiRouter()) {
  return async (request: Request, response: Response): Promise<void> => {
    try {
      const deps = await getDependencies();
      await router.dispatch(request, response, deps, gateOf(deps.access, logger));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.log('ERROR', `api ${request.method} ${request.path} failed`, { detail: message });
      if (response.headersSent) return;
      if (error instanceof TransientStoreError) response.status(503).set('Retry-After', '5').json({ error: 'the store is unavailable; retry shortly' });
      else if (error instanceof PermanentStoreError) response.status(500).json({ error: 'the store refused the query' });
      else response.status(500).json({ error: 'internal error' });
    }
  };
}
