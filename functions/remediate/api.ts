import type { Request, Response } from '@google-cloud/functions-framework';
import { FormTokenError, type SignedFormTokens } from '../../shared/src/core/access/signed-form-token';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { Logger } from '../../shared/src/core/ports/logger';
import { ApprovalTokenError } from '../../shared/src/core/remediation/approval-token';
import { ActionNotDueError, type RemediationService } from '../../shared/src/core/remediation/remediation-service';
import type { AccessControl, RouteRequirement } from '../http/access-control';
import { approvalPageHtml, resultPageHtml } from './approval-page';

const ACTION_KEY = /^[0-9a-f]{64}$/;
/** Long enough to read the page and decide; short enough that a leaked page is soon useless. */
const FORM_TOKEN_TTL_MS = 15 * 60 * 1000;

export interface RemediationApiContext {
  service: RemediationService;
  access: AccessControl;
  /** Anti-CSRF tokens of the approval form, bound to the verified approver. */
  formTokens: SignedFormTokens;
  /** The only identities allowed to call the job routes. */
  callers: { tasksServiceAccount?: string; schedulerServiceAccount?: string };
  clock: Clock;
}

/**
 * The remediation HTTP surface. Every route names who may call it; the caller is whoever the verified
 * token says (AccessControl), never a header or body field:
 *   POST /tasks/run        {"actionKey"}      the Cloud Tasks queue's service account only: run a deferred action (not before its time)
 *   POST /expire                              Cloud Scheduler's service account only: settle actions past their deadline
 *   GET  /approvals/{key}?token=...           approver: a confirmation page; changes nothing
 *   POST /approvals/{key}  token, csrf        approver: approve or reject (the signed token says which), recorded with the approver
 *   GET  /actions/{key}                       viewer: the decision and its history
 *   POST /pause, /resume   {"pipelineId", "reason"}   operator for one pipeline, admin for all of them
 */
export function createRemediationApi(getContext: () => Promise<RemediationApiContext>, logger: Logger) {
  return async (request: Request, response: Response): Promise<void> => {
    const context = await getContext();
    const path = request.path.replace(/\/+$/, '');
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const route = routeOf(request.method, path, body, context);
    if (route === null) {
      response.status(404).json({ error: `no route for ${request.method} ${path}` });
      return;
    }
    const verdict = await context.access.check(request, route.requirement);
    if (!verdict.allowed) {
      logger.log('WARNING', 'remediation API refused a caller', { route: route.name, code: verdict.code });
      response.status(verdict.status).json({ error: verdict.error, code: verdict.code });
      return;
    }
    const who = verdict.identity.email;
    try {
      switch (route.name) {
        case 'tasks.run': {
          const actionKey = body.actionKey;
          if (typeof actionKey !== 'string' || !ACTION_KEY.test(actionKey)) {
            response.status(400).json({ error: 'actionKey must be the 64-hex action key' });
            return;
          }
          response.json(await context.service.runScheduled(actionKey, { onTimeOnly: true }));
          return;
        }
        case 'expire':
          response.json(await context.service.expire(context.clock.now()));
          return;
        case 'approval.page': {
          const token = typeof request.query.token === 'string' ? request.query.token : '';
          const preview = await context.service.previewApproval(route.actionKey, token);
          const formToken = context.formTokens.sign({ subject: who, purpose: approvalPurpose(route.actionKey), expiresAt: context.clock.now().getTime() + FORM_TOKEN_TTL_MS });
          response
            .status(200)
            .set('Cache-Control', 'no-store')
            .set('Content-Security-Policy', "default-src 'none'; form-action 'self'; frame-ancestors 'none'")
            .type('html')
            .send(approvalPageHtml({ ...preview, actionKey: route.actionKey, approver: who, approvalToken: token, formToken }));
          return;
        }
        case 'approval.resolve': {
          const token = typeof body.token === 'string' ? body.token : '';
          const csrf = typeof body.csrf === 'string' ? body.csrf : '';
          context.formTokens.verify(csrf, { subject: who, purpose: approvalPurpose(route.actionKey) }, context.clock.now());
          const decision = await context.service.resolveApproval(route.actionKey, token, who);
          logger.log('NOTICE', 'remediation approval resolved', { actionKey: route.actionKey, by: who, status: decision.status });
          if (request.is('application/x-www-form-urlencoded')) {
            response.status(200).type('html').send(resultPageHtml(`Remediation ${decision.status}`, decision.reason));
          } else {
            response.json(decision);
          }
          return;
        }
        case 'action':
          response.json(await context.service.describe(route.actionKey));
          return;
        case 'pause':
        case 'resume': {
          const target = typeof body.pipelineId === 'string' && body.pipelineId !== '' ? { scope: 'pipeline' as const, pipelineId: body.pipelineId } : { scope: 'global' as const };
          if (route.name === 'pause') await context.service.pause(target, who, typeof body.reason === 'string' ? body.reason : 'paused by hand');
          else await context.service.resume(target);
          logger.log('NOTICE', `remediation ${route.name}d`, { target, by: who });
          response.json({ ok: true, target, by: who });
          return;
        }
      }
    } catch (error) {
      if (error instanceof ApprovalTokenError) {
        response.status(error.code === 'expired' ? 410 : 403).json({ error: error.message, code: error.code });
        return;
      }
      if (error instanceof ActionNotDueError) {
        // Any non-2xx makes Cloud Tasks try again later, so a task delivered a moment early still runs.
        response.status(425).json({ error: error.message, code: 'not_due', notBefore: error.notBefore });
        return;
      }
      if (error instanceof FormTokenError) {
        response.status(403).json({ error: `${error.message}; open the approval link again`, code: `csrf_${error.code}` });
        return;
      }
      throw error;
    }
  };
}

type Route =
  | { name: 'tasks.run' | 'expire'; requirement: RouteRequirement }
  | { name: 'approval.page' | 'approval.resolve' | 'action'; actionKey: string; requirement: RouteRequirement }
  | { name: 'pause' | 'resume'; requirement: RouteRequirement };

function routeOf(method: string, path: string, body: Record<string, unknown>, context: RemediationApiContext): Route | null {
  if (method === 'POST' && path === '/tasks/run') return { name: 'tasks.run', requirement: { serviceAccount: context.callers.tasksServiceAccount, caller: 'the Cloud Tasks queue' } };
  if (method === 'POST' && path === '/expire') return { name: 'expire', requirement: { serviceAccount: context.callers.schedulerServiceAccount, caller: 'Cloud Scheduler' } };
  const approval = /^\/approvals\/([0-9a-f]{64})$/.exec(path);
  if (approval !== null && method === 'GET') return { name: 'approval.page', actionKey: approval[1] as string, requirement: { role: 'approver' } };
  if (approval !== null && method === 'POST') return { name: 'approval.resolve', actionKey: approval[1] as string, requirement: { role: 'approver' } };
  const action = /^\/actions\/([0-9a-f]{64})$/.exec(path);
  if (action !== null && method === 'GET') return { name: 'action', actionKey: action[1] as string, requirement: { role: 'viewer' } };
  if (method === 'POST' && (path === '/pause' || path === '/resume')) {
    // Stopping or restarting one pipeline is an operator's call; all automation at once is an admin's.
    const onePipeline = typeof body.pipelineId === 'string' && body.pipelineId !== '';
    return { name: path === '/pause' ? 'pause' : 'resume', requirement: { role: onePipeline ? 'operator' : 'admin' } };
  }
  return null;
}

function approvalPurpose(actionKey: string): string {
  return `approval:${actionKey}`;
}
