import type { Request, Response } from '@google-cloud/functions-framework';
import type { Logger } from '../../shared/src/core/ports/logger';
import { ApprovalTokenError } from '../../shared/src/core/remediation/approval-token';
import type { RemediationService } from '../../shared/src/core/remediation/remediation-service';
import { systemClock } from '../../shared/src/adapters/system/system-clock';

const ACTION_KEY = /^[0-9a-f]{64}$/;

/**
 * The remediation HTTP surface, behind IAM (invoker) in production:
 *   POST /tasks/run        {"actionKey"}          Cloud Tasks: run a deferred action
 *   POST /expire                                   Cloud Scheduler: settle actions past their deadline
 *   GET  /approvals/{key}?token=...                an approver's link (the token says approve or reject)
 *   POST /pause, /resume   {"pipelineId"?, "by", "reason"}   human override, per pipeline or global
 */
export function createRemediationApi(getService: () => Promise<RemediationService>, logger: Logger) {
  return async (request: Request, response: Response): Promise<void> => {
    const service = await getService();
    const path = request.path.replace(/\/+$/, '');
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    try {
      if (request.method === 'POST' && path === '/tasks/run') {
        const actionKey = body.actionKey;
        if (typeof actionKey !== 'string' || !ACTION_KEY.test(actionKey)) {
          response.status(400).json({ error: 'actionKey must be the 64-hex action key' });
          return;
        }
        response.json(await service.runScheduled(actionKey));
        return;
      }
      if (request.method === 'POST' && path === '/expire') {
        response.json(await service.expire(systemClock.now()));
        return;
      }
      const approval = /^\/approvals\/([0-9a-f]{64})$/.exec(path);
      if (request.method === 'GET' && approval) {
        const token = typeof request.query.token === 'string' ? request.query.token : '';
        // Identity-Aware Proxy names the signed-in approver; without it the token alone is the authority.
        const approver = request.header('x-goog-authenticated-user-email')?.replace(/^accounts\.google\.com:/, '') ?? 'approval-link';
        response.json(await service.resolveApproval(approval[1] as string, token, approver));
        return;
      }
      if (request.method === 'POST' && (path === '/pause' || path === '/resume')) {
        const by = typeof body.by === 'string' && body.by !== '' ? body.by : undefined;
        if (by === undefined) {
          response.status(400).json({ error: '"by" must name who pauses or resumes' });
          return;
        }
        const target = typeof body.pipelineId === 'string' ? { scope: 'pipeline' as const, pipelineId: body.pipelineId } : { scope: 'global' as const };
        if (path === '/pause') await service.pause(target, by, typeof body.reason === 'string' ? body.reason : 'paused by hand');
        else await service.resume(target);
        logger.log('NOTICE', `remediation ${path.slice(1)}d`, { target, by });
        response.json({ ok: true, target });
        return;
      }
      response.status(404).json({ error: `no route for ${request.method} ${path}` });
    } catch (error) {
      if (error instanceof ApprovalTokenError) {
        response.status(error.code === 'expired' ? 410 : 403).json({ error: error.message, code: error.code });
        return;
      }
      throw error;
    }
  };
}
