import { PermanentStoreError, TransientStoreError } from '../domain/errors';
import type { PipelineEvent } from '../domain/pipeline-event';
import type { Clock } from '../ports/clock';
import type { RandomSource } from '../ports/random';
import { ActionRunner, type ActionRunnerDependencies } from './action-runner';
import { ApprovalTokenError } from './approval-token';
import type { PauseFlag, PauseTarget } from './coordination-store';
import { decide, type DecisionContext } from './decide';
import type { Decision, RemediationRequest } from './decision';
import { recordOutcome } from './guardrails/circuit-breaker';
import { checkScope } from './guardrails/scope';
import { resolvePolicy } from './policy';
import type { JobConfigurationSource } from './ports';
import { SecretInspectionError, type SecretVersionInspector } from './secret-inspector';
import { decisionOf, recordOf, requestOf, withHistory } from './record-mapping';
import { isOpen, type RemediationRecord } from './remediation-record';
import { STRATEGY_META, type StrategyId } from './strategy-catalog';
import { relateFailure, settlesOnSuccess, timeToRecoverMs } from './verification';
import { anomalyPlaybook } from './anomaly-playbooks';

export interface RemediationServiceDependencies extends ActionRunnerDependencies {
  clock: Clock;
  random: RandomSource;
  /** BigQuery reruns need the original job configuration; without this port only requests that carry it can be rerun. */
  jobConfigurations?: JobConfigurationSource;
  /** Lets refresh_credentials see whether the registered secret's latest version is usable before restarting. */
  secrets?: SecretVersionInspector;
}

/** A deferred action was asked to run before its time. */
export class ActionNotDueError extends Error {
  override readonly name = 'ActionNotDueError';
  constructor(
    readonly actionKey: string,
    readonly notBefore: string,
  ) {
    super(`action ${actionKey} is not due before ${notBefore}`);
  }
}

export interface ApprovalPreview {
  verdict: 'approve' | 'reject';
  summary: string;
  /** The recorded action as JSON text. */
  proposedAction: string;
  expiresAt: string;
}

export interface SettledAction {
  actionKey: string;
  strategy: StrategyId;
  /** recovered_before_action: the run recovered while the action still waited (backoff or approval). */
  outcome: 'succeeded' | 'dry_run_recovered' | 'recovered_before_action';
  timeToRecoverMs: number;
}

export interface ExpiredAction {
  actionKey: string;
  strategy: StrategyId;
  outcome: 'succeeded' | 'failed' | 'approval_expired' | 'never_ran' | 'dry_run_settled' | 'resumed_claim';
  /** The plan's next step (or escalation) decided because this one failed; null when the incident ends here. */
  next: Decision | null;
}

/** Strategies whose plan needs the original BigQuery job configuration. */
const NEEDS_JOB_CONFIGURATION: readonly StrategyId[] = ['retry_bigquery_job', 'refresh_credentials'];
const EXPIRE_BATCH = 100;
/** How long a claim may stay unfinished before a redelivery or the sweep takes it over (longer than a function's timeout). */
export const CLAIM_LEASE_MS = 5 * 60_000;
const SECRET = /^projects\/([^/]+)\/secrets\/([^/]+)/;

/**
 * The self-healing loop: decide → guardrails → act (or record, or ask) → verify → next step.
 * Only ports: the remediate/api functions wire adapters in.
 */
export class RemediationService {
  private readonly runner: ActionRunner;

  constructor(private readonly deps: RemediationServiceDependencies) {
    this.runner = new ActionRunner(deps, (request, attempt, record, now) => this.proceed(request, attempt, record.root_run_id, record.signature, now));
  }

  /** One failure (a remediation request). Safe to call many times for the same request: at most one action per key. */
  async handle(incoming: RemediationRequest): Promise<Decision> {
    const now = this.deps.clock.now();
    const request = untrusted(incoming);
    const { event } = request;
    if (event.status !== 'failed' && request.anomaly === undefined) return decide(request, this.context(now));
    // An anomalous run that did not fail (slow, small load): decided once per run and finding set, through the same guardrails.
    if (event.status !== 'failed') return this.proceed(request, 1, event.runId, `anomaly:${[...(request.anomaly?.kinds ?? [])].sort().join('+')}`, now);
    const relation = relateFailure(event, await this.deps.store.recordsForRun(event.runId));
    if (relation.kind === 'absorbed') {
      // A claim whose process died before deciding the rest: this delivery finishes it, same key.
      if (isStaleClaim(relation.record, now)) return this.resumeClaim(relation.record, now);
      return decisionOf(relation.record, { duplicate: true, reason: `already handled: ${relation.why}` });
    }
    if (relation.kind === 'continuation') {
      const previous = relation.record;
      if (isOpen(previous)) await this.settleFailed(previous, `run ${event.runId} failed again at ${event.occurredAt}`, now);
      return this.proceed(request, previous.attempt + 1, previous.root_run_id, previous.signature, now);
    }
    return this.proceed(request, 1, event.runId, undefined, now);
  }

  /**
   * Cloud Tasks callback for an action deferred by backoff. `onTimeOnly` refuses (ActionNotDueError)
   * a call before the record's not_before: an HTTP caller must not skip the backoff the plan chose.
   * The in-process scheduler of a replay leaves it off, because its timers run on the wall clock.
   */
  async runScheduled(actionKey: string, options: { onTimeOnly?: boolean } = {}): Promise<Decision> {
    const now = this.deps.clock.now();
    const record = await this.requireRecord(actionKey);
    if (!isOpen(record) || record.status !== 'decided') return decisionOf(record, { duplicate: true, reason: `nothing to run: the action is ${record.status}` });
    // Only the queue's own delivery is on time; an earlier call would skip the backoff the plan chose.
    if (options.onTimeOnly === true && record.not_before !== null && now.getTime() < Date.parse(record.not_before)) {
      throw new ActionNotDueError(actionKey, record.not_before);
    }
    const request = requestOf(record);
    const refusal = await this.stillAllowed(record, request, now);
    if (refusal !== null) return refusal;
    return this.runner.executeRecorded(record, request, now);
  }

  /** What an approval link would do, for its confirmation page: checks the token, changes nothing. */
  async previewApproval(actionKey: string, token: string): Promise<ApprovalPreview> {
    const claims = this.deps.approvals.verify(token, actionKey, this.deps.clock.now());
    const record = await this.deps.store.getRecord(actionKey);
    if (record === null) throw new ApprovalTokenError('wrong_action', 'no remediation is recorded under this action key');
    const summary = isOpen(record) && record.status === 'awaiting_approval' ? record.reason : `already resolved: the action is ${record.status} (${record.reason})`;
    return { verdict: claims.verdict, summary, proposedAction: record.action ?? 'none', expiresAt: new Date(claims.expiresAt).toISOString() };
  }

  /** The recorded decision behind an action key, for people looking into it. */
  async describe(actionKey: string): Promise<Decision> {
    const record = await this.deps.store.getRecord(actionKey);
    if (record === null) throw new ApprovalTokenError('wrong_action', 'no remediation is recorded under this action key');
    return decisionOf(record);
  }

  /**
   * An approver followed a link. The token must be valid, unexpired and bound to this action key
   * (ApprovalTokenError otherwise). Approving runs the action after scope and pause checks; budgets
   * and the breaker govern automation, and a person approving is not automation.
   */
  async resolveApproval(actionKey: string, token: string, approver: string): Promise<Decision> {
    const now = this.deps.clock.now();
    const claims = this.deps.approvals.verify(token, actionKey, now);
    const record = await this.deps.store.getRecord(actionKey);
    if (record === null) throw new ApprovalTokenError('wrong_action', 'no remediation is recorded under this action key');
    if (!isOpen(record) || record.status !== 'awaiting_approval') return decisionOf(record, { duplicate: true, reason: `already resolved: the action is ${record.status}` });
    if (claims.verdict === 'reject') {
      const rejected = await this.deps.store.transitionRecord(actionKey, ['awaiting_approval'], {
        status: 'refused',
        reason: `rejected by ${approver}`,
        settled_at: now.toISOString(),
        deadline_at: null,
        explanation: withHistory(record, now, `rejected by ${approver}`),
      });
      return decisionOf(rejected ?? (await this.requireRecord(actionKey)));
    }
    const request = requestOf(record);
    const approved = await this.deps.store.transitionRecord(actionKey, ['awaiting_approval'], {
      status: 'decided',
      reason: `approved by ${approver}`,
      explanation: withHistory(record, now, `approved by ${approver}`),
    });
    if (approved === null) return decisionOf(await this.requireRecord(actionKey), { duplicate: true, reason: 'already resolved by another approval' });
    const refusal = await this.stillAllowed(approved, request, now);
    if (refusal !== null) return refusal;
    return this.runner.executeRecorded(approved, request, now);
  }

  /** A success (or cancellation) event: settles the open actions it proves worked. */
  async settle(event: PipelineEvent): Promise<SettledAction[]> {
    const now = this.deps.clock.now();
    const candidates = new Map<string, RemediationRecord>();
    for (const record of [...(await this.deps.store.recordsForRun(event.runId)), ...(await this.deps.store.openForPipeline(event.pipelineId))]) {
      if (settlesOnSuccess(record, event)) candidates.set(record.action_key, record);
    }
    const settled: SettledAction[] = [];
    for (const record of candidates.values()) {
      const ttr = timeToRecoverMs(record, event.occurredAt);
      const strategy = record.strategy as StrategyId;
      const common = { settled_at: now.toISOString(), time_to_recover_ms: ttr, deadline_at: null };
      if (record.status === 'submitted') {
        const done = await this.deps.store.transitionRecord(record.action_key, ['submitted'], {
          ...common,
          status: 'succeeded',
          reason: `${event.status} event ${event.eventId} of run ${event.runId} at ${event.occurredAt} confirmed ${strategy}`,
          explanation: withHistory(record, now, `verified by event ${event.eventId}`),
        });
        if (done === null) continue;
        await this.deps.store.updateBreaker(record.pipeline_id, (state) => recordOutcome(state, 'succeeded', now, this.deps.config.breaker));
        await this.runner.recordStatistics(done, 'succeeded', ttr, now);
        settled.push({ actionKey: record.action_key, strategy, outcome: 'succeeded', timeToRecoverMs: ttr });
      } else if (record.status === 'would_have_done') {
        const done = await this.deps.store.transitionRecord(record.action_key, ['would_have_done'], {
          ...common,
          reason: `dry run: run ${event.runId} recovered on its own (${event.status} at ${event.occurredAt}); nothing was executed`,
        });
        if (done !== null) settled.push({ actionKey: record.action_key, strategy, outcome: 'dry_run_recovered', timeToRecoverMs: ttr });
      } else {
        const done = await this.deps.store.transitionRecord(record.action_key, ['decided', 'awaiting_approval'], {
          ...common,
          status: 'succeeded',
          reason: `run ${event.runId} recovered before the action ran; nothing was executed`,
        });
        if (done !== null) settled.push({ actionKey: record.action_key, strategy, outcome: 'recovered_before_action', timeToRecoverMs: ttr });
      }
    }
    return settled;
  }

  /** Settles open actions whose deadline passed (a Cloud Scheduler tick) and moves each failed incident on. */
  async expire(now: Date): Promise<ExpiredAction[]> {
    const due = await this.deps.store.openDueBy(now.toISOString(), EXPIRE_BATCH);
    const results: ExpiredAction[] = [];
    for (const record of due) {
      const result = await this.expireOne(record, now);
      if (result !== null) results.push(result);
    }
    return results;
  }

  async pause(target: PauseTarget, by: string, reason: string): Promise<void> {
    const flag: PauseFlag = { by, reason, at: this.deps.clock.now().toISOString() };
    await this.deps.store.setPause(target, flag);
  }

  async resume(target: PauseTarget): Promise<void> {
    await this.deps.store.setPause(target, null);
  }

  /**
   * Finishes a decision whose process stopped after its claim: decided again from the stored request
   * (the job facts fetched before the claim included), so the action key cannot change. One taker per
   * lease: the resume itself is claimed under the lease it found.
   */
  private async resumeClaim(record: RemediationRecord, now: Date): Promise<Decision> {
    const taken = await this.deps.store.claim(`${record.action_key}:resume:${record.deadline_at ?? ''}`, now);
    if (taken === 'already_claimed') return decisionOf(record, { duplicate: true, reason: 'another delivery is resuming this claim' });
    const leased = await this.deps.store.transitionRecord(record.action_key, ['claimed'], {
      deadline_at: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
      explanation: withHistory(record, now, 'resumed: the process that claimed it stopped before finishing'),
    });
    if (leased === null) return decisionOf((await this.deps.store.getRecord(record.action_key)) ?? record, { duplicate: true, reason: 'the claim was finished meanwhile' });
    const request = requestOf(record);
    // Keyed as the first decision was: a first attempt on the category (decide's rule), later ones on the stored signature.
    const signature = record.attempt === 1 ? undefined : record.signature;
    const decision = decide(request, { ...this.context(now), attempt: record.attempt, rootRunId: record.root_run_id, ...(signature === undefined ? {} : { signature }) });
    if (decision.actionKey !== record.action_key) {
      // The configuration changed since the claim: this step no longer applies; close it and decide anew.
      await this.deps.store.transitionRecord(record.action_key, ['claimed'], { status: 'refused', reason: 'resumed claim no longer matches the policy', settled_at: now.toISOString(), deadline_at: null });
      return this.proceed(request, record.attempt, record.root_run_id, signature, now);
    }
    decision.explanation.guardrails.push({ guard: 'idempotency', verdict: 'passed', detail: `resumed the interrupted claim of action key ${decision.actionKey}` });
    return this.runner.run(request, decision, now);
  }

  private async expireOne(record: RemediationRecord, now: Date): Promise<ExpiredAction | null> {
    const strategy = record.strategy as StrategyId;
    const base = { actionKey: record.action_key, strategy };
    if (record.status === 'claimed') {
      const resumed = await this.resumeClaim(record, now);
      return resumed.duplicate ? null : { ...base, outcome: 'resumed_claim', next: resumed };
    }
    const stamp = { settled_at: now.toISOString(), deadline_at: null };
    const verification = STRATEGY_META[strategy].verification;
    if (record.status === 'awaiting_approval') {
      const done = await this.deps.store.transitionRecord(record.action_key, ['awaiting_approval'], { ...stamp, status: 'refused', reason: 'nobody approved before the approval expired' });
      return done === null ? null : { ...base, outcome: 'approval_expired', next: null };
    }
    if (record.status === 'decided') {
      const done = await this.deps.store.transitionRecord(record.action_key, ['decided'], { ...stamp, status: 'failed', reason: 'the deferred action never ran before its deadline' });
      return done === null ? null : { ...base, outcome: 'never_ran', next: await this.next(done, now) };
    }
    if (record.status === 'would_have_done') {
      const quiet = verification === 'quiet_period';
      const done = await this.deps.store.transitionRecord(record.action_key, ['would_have_done'], {
        ...stamp,
        reason: quiet ? 'dry run: no new failure during the quiet period' : 'dry run: no success before the deadline; the next step would follow',
      });
      if (done === null) return null;
      return { ...base, outcome: 'dry_run_settled', next: quiet ? null : await this.next(done, now) };
    }
    if (verification === 'quiet_period') {
      const done = await this.deps.store.transitionRecord(record.action_key, ['submitted'], { ...stamp, status: 'succeeded', reason: 'no new failure of the run during the quiet period' });
      if (done === null) return null;
      await this.deps.store.updateBreaker(record.pipeline_id, (state) => recordOutcome(state, 'succeeded', now, this.deps.config.breaker));
      await this.runner.recordStatistics(done, 'succeeded', null, now);
      return { ...base, outcome: 'succeeded', next: null };
    }
    const done = await this.settleFailed(record, `no success event before the deadline ${record.deadline_at}`, now);
    return done === null ? null : { ...base, outcome: 'failed', next: await this.next(done, now) };
  }

  private async settleFailed(record: RemediationRecord, why: string, now: Date): Promise<RemediationRecord | null> {
    const stamp = { settled_at: now.toISOString(), deadline_at: null };
    if (record.status === 'would_have_done') {
      return this.deps.store.transitionRecord(record.action_key, ['would_have_done'], { ...stamp, reason: `dry run: ${why}` });
    }
    const done = await this.deps.store.transitionRecord(record.action_key, ['submitted'], {
      ...stamp,
      status: 'failed',
      reason: why,
      explanation: withHistory(record, now, why),
    });
    if (done !== null) {
      await this.deps.store.updateBreaker(record.pipeline_id, (state) => recordOutcome(state, 'failed', now, this.deps.config.breaker));
      await this.runner.recordStatistics(done, 'failed', null, now);
    }
    return done;
  }

  private next(record: RemediationRecord, now: Date): Promise<Decision> {
    return this.proceed(requestOf(record), record.attempt + 1, record.root_run_id, record.signature, now);
  }

  private async proceed(request: RemediationRequest, attempt: number, rootRunId: string, signature: string | undefined, now: Date): Promise<Decision> {
    const enriched = await this.withSecretInspection(await this.withOriginalJob(request, now));
    const context = { ...this.context(now), attempt, rootRunId, ...(signature === undefined ? {} : { signature }) };
    const decision = decide(enriched, context);
    if (decision.actionKey === null) return decision;
    // The claim and the decision's first record are one atomic write; the record says "claimed" until
    // the guardrails and the action have run, and its lease deadline lets a retry or the sweep resume it.
    const provisional: RemediationRecord = {
      ...recordOf(decision, enriched, now),
      status: 'claimed',
      executed: false,
      reason: `claimed: ${decision.reason}; guardrails and action pending`,
      not_before: null,
      deadline_at: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(),
      settled_at: null,
    };
    const claim = await this.deps.store.claimWithRecord(provisional);
    if (claim === 'already_claimed') {
      const existing = await this.deps.store.getRecord(decision.actionKey);
      if (existing !== null && isStaleClaim(existing, now)) return this.resumeClaim(existing, now);
      const reason = `duplicate delivery: action ${decision.actionKey} was already claimed${existing ? ` (${existing.status})` : ''}`;
      return existing ? decisionOf(existing, { duplicate: true, reason }) : { ...decision, duplicate: true, reason, status: 'refused', executed: false };
    }
    decision.explanation.guardrails.push({ guard: 'idempotency', verdict: 'passed', detail: `first claim of action key ${decision.actionKey}` });
    return this.runner.run(enriched, decision, now);
  }

  /** Re-checks what may have changed since the decision (scope config, pause switches) before a deferred or approved run. */
  private async stillAllowed(record: RemediationRecord, request: RemediationRequest, now: Date): Promise<Decision | null> {
    const scope = checkScope(this.deps.config.scopes, request.event.projectId, record.pipeline_id);
    const pause = await this.deps.store.readPause(record.pipeline_id);
    const flag = pause.global ?? pause.pipeline;
    const why = !scope.allowed ? `out of scope: ${scope.detail}` : flag !== null ? `paused by ${flag.by}: ${flag.reason}` : null;
    if (why === null) return null;
    const refused = await this.deps.store.transitionRecord(record.action_key, ['decided'], {
      status: 'refused',
      reason: why,
      settled_at: now.toISOString(),
      deadline_at: null,
      explanation: withHistory(record, now, `refused before execution: ${why}`),
    });
    return decisionOf(refused ?? (await this.requireRecord(record.action_key)));
  }

  /** Adds what jobs.get says about the failed BigQuery job, when a step of the plan would re-run it. */
  private async withOriginalJob(request: RemediationRequest, now: Date): Promise<RemediationRequest> {
    const { event } = request;
    const source = this.deps.jobConfigurations;
    if (source === undefined || event.source !== 'bigquery' || request.originalJob !== undefined || event.projectId === undefined) return request;
    const policy = resolvePolicy(event, request.classification.category, request.classification.confidence, this.deps.config);
    // An anomaly playbook may replace the plan (see decide.ts); its steps count too.
    const playbook = anomalyPlaybook(request.anomaly, event.source, request.classification.category, policy.registration, event.status === 'failed');
    const plan = playbook?.plan ?? policy.plan;
    if (!plan.some((s) => NEEDS_JOB_CONFIGURATION.includes(s.strategy))) return request;
    const job = { projectId: event.projectId, jobId: event.runId, ...(event.location === undefined ? {} : { location: event.location }) };
    let original;
    try {
      original = await source.originalJob(job);
    } catch (error) {
      if (!(error instanceof PermanentStoreError)) throw error;
      // Refused for good (e.g. 403): repeating the call cannot help, so decide without the job (no rerun).
      this.deps.logger.log('WARNING', 'the original BigQuery job cannot be read; no rerun is possible', { jobId: event.runId, error: error.message, at: now.toISOString() });
      return request;
    }
    if (original === null) {
      this.deps.logger.log('WARNING', 'original BigQuery job not found', { jobId: event.runId, at: now.toISOString() });
      return request;
    }
    return { ...request, originalJob: original };
  }

  private async withSecretInspection(request: RemediationRequest): Promise<RemediationRequest> {
    const inspector = this.deps.secrets;
    if (inspector === undefined || request.secretInspection !== undefined || request.classification.category !== 'authentication_failure') return request;
    const registration = this.deps.config.pipelines[request.event.pipelineId];
    const secret = SECRET.exec(registration?.source === request.event.source ? (registration.secretName ?? '') : '');
    if (secret === null) return request;
    try {
      return { ...request, secretInspection: await inspector.inspect({ projectId: secret[1] as string, secretId: secret[2] as string }) };
    } catch (error) {
      if (error instanceof SecretInspectionError && !error.retryable) {
        // Without the facts the strategy falls back to a single restart, as when no inspector is wired.
        this.deps.logger.log('WARNING', 'secret inspection failed; deciding without it', { secret: secret[0], error: error.message });
        return request;
      }
      throw new TransientStoreError(`inspecting ${secret[0]}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  private context(now: Date): DecisionContext {
    return { config: this.deps.config, now, random: this.deps.random };
  }

  private async requireRecord(actionKey: string): Promise<RemediationRecord> {
    const record = await this.deps.store.getRecord(actionKey);
    if (record === null) throw new TransientStoreError(`no remediation record for action ${actionKey} (yet)`);
    return record;
  }
}

/** A request from outside keeps only what it may decide: the event and its classification. */
function untrusted(request: RemediationRequest): RemediationRequest {
  const { originalJob: _fromJobsGetOnly, secretInspection: _fromSecretManagerOnly, ...rest } = request as RemediationRequest & { jobConfiguration?: unknown };
  delete (rest as { jobConfiguration?: unknown }).jobConfiguration;
  return rest;
}

function isStaleClaim(record: RemediationRecord, now: Date): boolean {
  return record.status === 'claimed' && record.settled_at === null && record.deadline_at !== null && Date.parse(record.deadline_at) <= now.getTime();
}
