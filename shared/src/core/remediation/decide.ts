import type { Category } from '../domain/category';
import type { RandomSource } from '../ports/random';
import { actionKeyOf } from './action-key';
import { backoffDelayMs } from './backoff';
import type { RemediationConfig } from './config/remediation-config';
import type { ConsideredStrategy, Decision, Explanation, RemediationRequest } from './decision';
import { anomalyPlaybook } from './anomaly-playbooks';
import { notificationAction, toJsonObject } from './notification';
import { parsePermissionFinding } from './permission-finding';
import { firstAttemptOf, positionOf, type PlanPosition } from './plan';
import { resolvePolicy, type ResolvedPolicy } from './policy';
import type { RemediationStatus } from './remediation-record';
import { STRATEGIES } from './strategies';
import { notApplicable, type StrategyResult } from './strategies/types';
import { strategyFitsSource, type StrategyId } from './strategy-catalog';

export interface DecisionContext {
  config: RemediationConfig;
  now: Date;
  random: RandomSource;
  /** 1-based attempt of the incident's plan; later attempts come from verification. Defaults to 1. */
  attempt?: number;
  /** Run the incident started with; defaults to the event's run. */
  rootRunId?: string;
  /** The incident's signature: later attempts keep the first failure's, so every path to a step builds the same key. */
  signature?: string;
}

const EXCLUDED: Partial<Record<Category, string>> = {
  permission_denied: 'granting IAM roles or permissions is never automated: a person must change IAM',
  authentication_failure: 'creating or rotating credentials is never automated',
  schema_mismatch: 'retrying is excluded: the same data would fail the same schema check again',
  data_corruption: 'retrying is excluded: the same malformed input would be read again',
};

interface Chosen {
  strategy: StrategyId;
  attempt: number;
  position: PlanPosition | null;
  result: Exclude<StrategyResult, { kind: 'not_applicable' }>;
}

/**
 * Pure policy: which strategy of the plan applies to this failure at this attempt, under which
 * autonomy and mode, and why the others do not. Guardrails and execution come after (RemediationService).
 */
export function decide(request: RemediationRequest, context: DecisionContext): Decision {
  const { event, classification } = request;
  const category = classification.category;
  const resolved = resolvePolicy(event, category, classification.confidence, context.config);
  // An anomaly playbook replaces only the plan; autonomy, dry run and every guardrail stay the policy's.
  const playbook = anomalyPlaybook(request.anomaly, event.source, category, resolved.registration, event.status === 'failed');
  const policy: ResolvedPolicy = playbook === null ? resolved : { ...resolved, plan: playbook.plan, planOrigin: 'anomaly' };
  const rootRunId = context.rootRunId ?? event.runId;
  // The key must be the same in every instance that handles this failure. The template id is learned
  // per instance (two miners with different histories give one message different ids), so the first
  // attempt keys on the category, which the shipped model derives from the event alone; later attempts
  // reuse what the first record stored, read from the shared coordination store.
  const signature = context.signature ?? category;
  const attempt = context.attempt ?? 1;
  const keyFor = (strategy: StrategyId, at: number): string => actionKeyOf({ pipelineId: event.pipelineId, rootRunId, signature, strategy, attempt: at });

  if (event.status !== 'failed' && playbook === null) {
    return emptyDecision(request, policy, rootRunId, attempt, `nothing to remediate: the event reports ${event.status}, not a failure`);
  }

  const considered: ConsideredStrategy[] = [];
  const { plan } = policy;
  const start = positionOf(plan, attempt);
  plan.slice(0, start?.index ?? plan.length).forEach((s, index) => {
    const first = firstAttemptOf(plan, index);
    considered.push({ strategy: s.strategy, verdict: 'passed', why: `attempts ${first}–${first + s.maxAttempts - 1} of this incident belonged to it` });
  });

  let chosen: Chosen | null = null;
  let at = attempt;
  let position = start;
  while (position !== null && chosen === null) {
    const strategy = position.step.strategy;
    const input = { request, registration: policy.registration, category, actionKey: keyFor(strategy, at), stepAttempt: position.stepAttempt };
    const result = strategyFitsSource(strategy, event.source) ? STRATEGIES[strategy](input) : notApplicable(`${strategy} cannot act on ${event.source} events`);
    if (result.kind === 'not_applicable') {
      considered.push({ strategy, verdict: 'not_applicable', why: result.why });
      at = Math.max(at, firstAttemptOf(plan, position.index + 1));
      position = positionOf(plan, at);
    } else {
      considered.push({ strategy, verdict: 'chosen', why: result.detail });
      chosen = { strategy, attempt: at, position, result };
      plan.slice(position.index + 1).forEach((s) => considered.push({ strategy: s.strategy, verdict: 'not_reached', why: 'an earlier, less drastic step applies' }));
    }
  }
  if (chosen === null) {
    const why = start === null ? `all ${plan.length} plan steps were used by earlier attempts` : 'no step of the plan can act on this failure';
    chosen = { strategy: 'escalate', attempt: at, position: null, result: { kind: 'inform', detail: `${why}: escalate to the pipeline owners` } };
  }
  const decision = buildDecision(request, context, policy, chosen, considered, keyFor(chosen.strategy, chosen.attempt), rootRunId);
  if (playbook !== null) {
    decision.explanation.rule = `anomaly playbook ${playbook.name} (${playbook.why}): ${decision.explanation.rule}`;
    decision.explanation.summary = `${decision.explanation.summary} [anomaly: ${request.anomaly?.reasons.join('; ') ?? ''}]`;
  }
  return decision;
}

function buildDecision(
  request: RemediationRequest,
  context: DecisionContext,
  policy: ResolvedPolicy,
  chosen: Chosen,
  considered: ConsideredStrategy[],
  actionKey: string,
  rootRunId: string,
): Decision {
  const { event, classification } = request;
  const { now, config } = context;
  const { result, position } = chosen;
  const step = position?.step;
  const rule = step && position
    ? `plan ${classification.category}/${event.source} (${policy.planOrigin}) step ${position.index + 1} ${chosen.strategy}, attempt ${position.stepAttempt} of ${step.maxAttempts}`
    : `fallback: ${result.kind === 'inform' ? result.detail : 'escalate'}`;
  const explanation = baseExplanation(request, policy, rule, considered);
  explanation.classification.signature = context.signature ?? explanation.classification.signature;
  explanation.nextStepAttempt = position && position.index + 1 < policy.plan.length ? firstAttemptOf(policy.plan, position.index + 1) : null;

  let status: RemediationStatus;
  let action = null;
  let notBefore: string | null = null;
  let deadlineAt: string | null = null;
  let reason: string;
  if (result.kind === 'act') {
    const delayMs = step ? backoffDelayMs(step.backoff, position.stepAttempt, context.random) : 0;
    explanation.backoff = step && delayMs > 0 ? { delayMs, stepAttempt: position.stepAttempt, maxAttempts: step.maxAttempts } : null;
    const runAt = new Date(now.getTime() + delayMs);
    notBefore = delayMs > 0 ? runAt.toISOString() : null;
    const when = delayMs > 0 ? ` after a ${Math.round(delayMs / 1000)} s backoff` : '';
    if (policy.autonomy === 'notify') {
      explanation.proposedAction = result.action;
      action = policy.notification ? notificationAction(policy.notification, 'proposal', toJsonObject({ summary: explanation.summary, proposedAction: result.action })) : null;
      status = policy.dryRun ? 'would_have_done' : 'escalated';
      notBefore = null;
      reason = `autonomy is notify (${policy.autonomyOrigin}): proposing ${chosen.strategy} (${result.detail}) to people`;
    } else {
      action = result.action;
      if (policy.autonomy === 'approve') {
        status = policy.dryRun ? 'would_have_done' : 'awaiting_approval';
        deadlineAt = new Date(now.getTime() + config.approval.ttlMs).toISOString();
        reason = `${chosen.strategy}: ${result.detail}, once approved`;
      } else {
        status = policy.dryRun ? 'would_have_done' : 'decided';
        reason = `${chosen.strategy}: ${result.detail}${when}`;
      }
      if (policy.dryRun || policy.autonomy === 'auto') {
        deadlineAt = new Date(runAt.getTime() + config.verificationDeadlineMs[chosen.strategy]).toISOString();
      }
    }
  } else if (result.kind === 'skip') {
    status = policy.dryRun ? 'would_have_done' : 'decided';
    reason = `${chosen.strategy}: ${result.detail}`;
  } else {
    status = policy.dryRun ? 'would_have_done' : 'escalated';
    reason = `${chosen.strategy}: ${result.detail}`;
    action = policy.notification ? notificationAction(policy.notification, 'escalation', toJsonObject({ summary: explanation.summary, reason, permission: explanation.permission })) : null;
  }
  if (policy.dryRun) reason = `dry run, would have done: ${reason}`;
  return {
    strategy: chosen.strategy,
    autonomy: policy.autonomy,
    dryRun: policy.dryRun,
    executed: false,
    reason,
    actionKey,
    status,
    attempt: chosen.attempt,
    rootRunId,
    duplicate: false,
    action,
    createdRunId: result.kind === 'act' && policy.autonomy !== 'notify' ? result.createdRunId : null,
    notBefore,
    deadlineAt,
    approval: null,
    explanation: { ...explanation, summary: `${explanation.summary}: ${reason}` },
  };
}

function baseExplanation(request: RemediationRequest, policy: ResolvedPolicy, rule: string, considered: ConsideredStrategy[]): Explanation {
  const { event, classification, scores } = request;
  const category = classification.category;
  const excluded = EXCLUDED[category];
  return {
    summary: `${category} (confidence ${classification.confidence.toFixed(2)}) on ${event.source} pipeline ${event.pipelineId}, run ${event.runId}`,
    classification: {
      category,
      confidence: classification.confidence,
      stage: classification.stage,
      rule: classification.rule ?? null,
      runnerUp: classification.runnerUp ? { category: classification.runnerUp.category, confidence: classification.runnerUp.confidence } : null,
      signature: classification.signature ?? category,
    },
    scores: scores ? { ...scores } : null,
    rule,
    plan: { origin: policy.planOrigin, steps: policy.plan.map((s) => ({ strategy: s.strategy, maxAttempts: s.maxAttempts })) },
    considered,
    excluded: excluded ? [excluded] : [],
    autonomy: { value: policy.autonomy, origin: policy.autonomyOrigin },
    dryRun: { value: policy.dryRun, origin: policy.dryRunOrigin },
    backoff: null,
    nextStepAttempt: null,
    permission: category === 'permission_denied' ? parsePermissionFinding(event.errorMessage ?? '') : null,
    proposedAction: null,
    guardrails: [],
    history: [],
  };
}

function emptyDecision(request: RemediationRequest, policy: ResolvedPolicy, rootRunId: string, attempt: number, reason: string): Decision {
  return {
    strategy: null,
    autonomy: policy.autonomy,
    dryRun: policy.dryRun,
    executed: false,
    reason,
    actionKey: null,
    status: 'refused',
    attempt,
    rootRunId,
    duplicate: false,
    action: null,
    createdRunId: null,
    notBefore: null,
    deadlineAt: null,
    approval: null,
    explanation: { ...baseExplanation(request, policy, 'none: not a failure', []), summary: reason },
  };
}
