import type { Category } from '../domain/category';
import type { Source } from '../domain/pipeline-event';
import type { Logger } from '../ports/logger';
import type { DeferredActionScheduler, ExecutionResult, RemediationAction } from './actions';
import type { ApprovalTokens } from './approval-token';
import { approvalLinks } from './approval-links';
import type { RemediationConfig } from './config/remediation-config';
import type { BudgetLimits, NotificationTarget } from './config/registration';
import type { CoordinationStore } from './coordination-store';
import type { Decision, GuardrailCheck, RemediationRequest } from './decision';
import { consumeBudget } from './guardrails/budget';
import { admit, recordOutcome } from './guardrails/circuit-breaker';
import { checkScope } from './guardrails/scope';
import { notificationAction, toJsonObject } from './notification';
import type { ExecutorRegistry, StrategyStatistics } from './ports';
import { decisionOf, recordOf, withHistory } from './record-mapping';
import type { RecordPatch, RemediationRecord } from './remediation-record';
import { STRATEGY_META, type StrategyId } from './strategy-catalog';

export interface ActionRunnerDependencies {
  config: RemediationConfig;
  store: CoordinationStore;
  executors: ExecutorRegistry;
  scheduler: DeferredActionScheduler;
  statistics: StrategyStatistics;
  approvals: ApprovalTokens;
  logger: Logger;
}

/** Decides and guards the step at `attempt` of an incident; provided by RemediationService. */
export type NextStep = (request: RemediationRequest, attempt: number, record: RemediationRecord, now: Date) => Promise<Decision>;

/**
 * Everything after a won claim: the remaining guardrails, then exactly one of record-only (dry run,
 * refusal, skip), approval request, deferred run, or executor call. Each record is written before
 * its executor call, so a crash leaves an open record that `expire` settles instead of a silent gap.
 */
export class ActionRunner {
  constructor(
    private readonly deps: ActionRunnerDependencies,
    private readonly nextStep: NextStep,
  ) {}

  async run(request: RemediationRequest, decision: Decision, now: Date): Promise<Decision> {
    const { event } = request;
    const checks = decision.explanation.guardrails;
    const scope = checkScope(this.deps.config.scopes, event.projectId, event.pipelineId);
    checks.push(check('scope', scope.allowed, scope.detail));
    if (!scope.allowed) return this.finish(request, decision, now, { status: 'refused', reason: `out of scope: ${scope.detail}` });
    const strategy = decision.strategy as StrategyId;
    if (!STRATEGY_META[strategy].remedial || decision.autonomy === 'notify') return this.inform(request, decision, now);

    const pause = await this.deps.store.readPause(event.pipelineId);
    const flag = pause.global ?? pause.pipeline;
    checks.push(check('pause', flag === null, flag === null ? 'not paused' : `${pause.global ? 'all automation' : `pipeline ${event.pipelineId}`} paused by ${flag.by} at ${flag.at}: ${flag.reason}`));
    if (flag !== null) return this.finish(request, decision, now, { status: 'refused', reason: `paused by ${flag.by}: ${flag.reason}` });

    if (decision.autonomy === 'approve' && !decision.dryRun) return this.requestApproval(request, decision, now);
    if (decision.autonomy === 'auto') {
      const breaker = await this.deps.store.updateBreaker(event.pipelineId, (state) => admit(state, now, this.deps.config.breaker, !decision.dryRun));
      checks.push(check('circuit_breaker', breaker.admitted, breaker.detail));
      if (!breaker.admitted) return this.stopAndEscalate(request, decision, now, `circuit breaker ${breaker.detail}`);
      const limits = this.budgetFor(event.pipelineId, event.source);
      const budget = await this.deps.store.updateBudget(event.pipelineId, (ledger) => consumeBudget(ledger, now, limits));
      checks.push(check('budget', budget.allowed, budget.detail));
      if (!budget.allowed) return this.stopAndEscalate(request, decision, now, `${budget.detail}; next slot in ${Math.ceil(budget.retryAfterMs / 60_000)} min`);
    }
    if (decision.dryRun) {
      if (STRATEGY_META[strategy].verification !== 'chain') return decisionOf(await this.write(request, decision, now));
      // A holding move has nothing to verify: the dry run goes straight on to the next step, as a live run would.
      const held = await this.settled(request, decision, now, { settled_at: now.toISOString() });
      await this.nextStep(request, decision.attempt + 1, held, now);
      return decisionOf(held);
    }
    const record = await this.write(request, decision, now);
    if (decision.notBefore !== null) {
      try {
        await this.deps.scheduler.schedule({ actionKey: record.action_key, notBefore: new Date(decision.notBefore), payload: { actionKey: record.action_key } });
      } catch (error) {
        // The open record's deadline still settles it (and moves the plan on) if the task never exists.
        this.deps.logger.log('WARNING', 'scheduling a deferred remediation failed', { actionKey: record.action_key, error: String(error) });
      }
      return decisionOf(record);
    }
    return this.executeRecorded(record, request, now);
  }

  /** Runs the action of an open `decided` record: after its backoff, or right after approval. */
  async executeRecorded(record: RemediationRecord, request: RemediationRequest, now: Date): Promise<Decision> {
    const strategy = record.strategy as StrategyId;
    const action = JSON.parse(record.action ?? 'null') as RemediationAction | null;
    if (action === null) throw new RangeError(`record ${record.action_key} has no action to execute`);
    // Cloud Tasks and approval links can both fire twice; the record still reads `decided` to each of them.
    if ((await this.deps.store.claim(`${record.action_key}:execute`, now)) === 'already_claimed') {
      return decisionOf(record, { duplicate: true, reason: 'another delivery already started this action' });
    }
    const result = await this.execute(action);
    const pipeline = record.pipeline_id;
    if (result.status === 'submitted') {
      const chain = STRATEGY_META[strategy].verification === 'chain';
      const patch: RecordPatch = {
        status: chain ? 'succeeded' : 'submitted',
        executed: true,
        reason: `${strategy} submitted: ${result.detail}${chain ? '; the plan goes on to its next step' : ''}`,
        created_run_id: record.created_run_id ?? result.externalId ?? null,
        deadline_at: chain ? null : new Date(now.getTime() + this.deps.config.verificationDeadlineMs[strategy]).toISOString(),
        settled_at: chain ? now.toISOString() : null,
        explanation: withHistory(record, now, `executor accepted: ${result.detail}`),
      };
      const updated = (await this.deps.store.transitionRecord(record.action_key, ['decided'], patch)) ?? record;
      if (chain) {
        await this.recordStatistics(updated, 'succeeded', null, now);
        await this.nextStep(request, record.attempt + 1, updated, now);
      }
      return decisionOf(updated);
    }
    const failed = (await this.deps.store.transitionRecord(record.action_key, ['decided'], {
      status: 'failed',
      executed: false,
      reason: `executor refused ${strategy}: ${result.detail}`,
      settled_at: now.toISOString(),
      explanation: withHistory(record, now, `executor failed (${result.retryable ? 'retryable' : 'permanent'}): ${result.detail}`),
    })) ?? record;
    await this.deps.store.updateBreaker(pipeline, (state) => recordOutcome(state, 'failed', now, this.deps.config.breaker));
    await this.recordStatistics(failed, 'failed', null, now);
    // A permanent refusal fails the same way on every attempt of this step: go straight to the next step.
    const decision = decisionOf(failed);
    const nextAttempt = result.retryable ? record.attempt + 1 : (decision.explanation.nextStepAttempt ?? record.attempt + 1);
    await this.nextStep(request, nextAttempt, failed, now);
    return decision;
  }

  async recordStatistics(record: RemediationRecord, outcome: 'succeeded' | 'failed', timeToRecoverMs: number | null, now: Date): Promise<void> {
    await this.deps.statistics.recordOutcome({
      strategy: record.strategy as StrategyId,
      category: record.category as Category,
      source: record.source as Source,
      pipelineId: record.pipeline_id,
      actionKey: record.action_key,
      outcome,
      timeToRecoverMs,
      settledAt: now.toISOString(),
    });
  }

  private async inform(request: RemediationRequest, decision: Decision, now: Date): Promise<Decision> {
    const terminal = { settled_at: now.toISOString() };
    if (decision.dryRun || decision.strategy === 'skip_non_critical') return this.finish(request, decision, now, terminal);
    if (decision.action === null) {
      return this.finish(request, decision, now, { ...terminal, reason: `${decision.reason}; no notification target is configured, so nobody was told` });
    }
    const result = await this.execute(decision.action);
    decision.explanation.guardrails.push(check('executor', result.status === 'submitted', result.detail));
    return this.finish(request, decision, now, {
      ...terminal,
      executed: result.status === 'submitted',
      reason: result.status === 'submitted' ? decision.reason : `${decision.reason}; sending the notification failed: ${result.detail}`,
    });
  }

  private async requestApproval(request: RemediationRequest, decision: Decision, now: Date): Promise<Decision> {
    const expiresAt = decision.deadlineAt ?? new Date(now.getTime() + this.deps.config.approval.ttlMs).toISOString();
    const links = approvalLinks(this.deps.approvals, decision.actionKey as string, now, expiresAt, this.deps.config.approval.baseUrl);
    const record = await this.write(request, decision, now);
    const target = this.targetFor(request);
    if (target !== undefined) {
      const message = toJsonObject({ summary: decision.explanation.summary, proposedAction: decision.action, approveUrl: links.approveUrl, rejectUrl: links.rejectUrl, approveToken: links.approveToken, rejectToken: links.rejectToken, expiresAt });
      const result = await this.execute(notificationAction(target, 'approval_request', message));
      if (result.status !== 'submitted') this.deps.logger.log('WARNING', 'approval request notification failed', { actionKey: record.action_key, detail: result.detail });
    }
    return { ...decisionOf(record), approval: links };
  }

  /** A guardrail stopped an automatic action: people hear about it instead. */
  async stopAndEscalate(request: RemediationRequest, decision: Decision, now: Date, why: string): Promise<Decision> {
    decision.explanation.proposedAction = decision.action;
    if (decision.dryRun) return this.finish(request, decision, now, { settled_at: now.toISOString(), reason: `dry run, would have escalated: ${why}` });
    const target = this.targetFor(request);
    const notification = target === undefined ? null : notificationAction(target, 'guardrail', toJsonObject({ summary: decision.explanation.summary, why, proposedAction: decision.action }));
    const result = notification === null ? null : await this.execute(notification);
    return this.finish(request, { ...decision, action: notification, createdRunId: null }, now, {
      status: 'escalated',
      executed: result?.status === 'submitted',
      reason: `${why}; escalated instead of ${decision.strategy}${result === null ? ' (no notification target configured)' : ''}`,
      settled_at: now.toISOString(),
      deadline_at: null,
      not_before: null,
    });
  }

  private async finish(request: RemediationRequest, decision: Decision, now: Date, patch: RecordPatch): Promise<Decision> {
    return decisionOf(await this.settled(request, decision, now, patch));
  }

  /** Writes a record that is over as soon as it is written: nothing is left to verify. */
  private async settled(request: RemediationRequest, decision: Decision, now: Date, patch: RecordPatch): Promise<RemediationRecord> {
    const record = { ...recordOf(decision, request, now), ...patch };
    if (patch.status !== undefined && patch.settled_at === undefined) record.settled_at = now.toISOString();
    if (record.settled_at !== null) record.deadline_at = null;
    await this.deps.store.putRecord(record);
    this.log(record);
    return record;
  }

  private async write(request: RemediationRequest, decision: Decision, now: Date): Promise<RemediationRecord> {
    const record = recordOf(decision, request, now);
    await this.deps.store.putRecord(record);
    this.log(record);
    return record;
  }

  async execute(action: RemediationAction): Promise<ExecutionResult> {
    const executor = this.deps.executors.executorFor(action.kind);
    if (executor === undefined) return { status: 'failed', detail: `no executor is registered for ${action.kind}`, retryable: false };
    try {
      return await executor.execute(action);
    } catch (error) {
      // Executors report API failures as results; a throw is a bug or an outage, and the claim is already taken.
      return { status: 'failed', detail: `executor threw: ${error instanceof Error ? error.message : String(error)}`, retryable: true };
    }
  }

  private budgetFor(pipelineId: string, source: string): BudgetLimits {
    const registration = this.deps.config.pipelines[pipelineId];
    return registration !== undefined && registration.source === source && registration.budget !== undefined ? registration.budget : this.deps.config.budget;
  }

  private targetFor(request: RemediationRequest): NotificationTarget | undefined {
    const registration = this.deps.config.pipelines[request.event.pipelineId];
    return (registration?.source === request.event.source ? registration.notification : undefined) ?? this.deps.config.notification;
  }

  private log(record: RemediationRecord): void {
    this.deps.logger.log(record.status === 'failed' || record.status === 'escalated' ? 'WARNING' : 'INFO', `remediation ${record.status}: ${record.strategy}`, {
      actionKey: record.action_key,
      pipelineId: record.pipeline_id,
      runId: record.run_id,
      category: record.category,
      strategy: record.strategy,
      autonomy: record.autonomy,
      dryRun: record.dry_run,
      executed: record.executed,
      reason: record.reason,
    });
  }
}

function check(guard: GuardrailCheck['guard'], passed: boolean, detail: string): GuardrailCheck {
  return { guard, verdict: passed ? 'passed' : 'refused', detail };
}
