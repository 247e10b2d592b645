import type { Category } from '../domain/category';
import { NO_BACKOFF, type BackoffPolicy } from './backoff';
import { STRATEGY_META, safetyRank, type StrategyId } from './strategy-catalog';

export interface PlanStep {
  strategy: StrategyId;
  /** How many consecutive attempts this step gets before the plan moves on. */
  maxAttempts: number;
  backoff: BackoffPolicy;
}

export type Plan = readonly PlanStep[];

export function step(strategy: StrategyId, maxAttempts = 1, backoff: BackoffPolicy = NO_BACKOFF): PlanStep {
  return { strategy, maxAttempts, backoff };
}

/** Categories where retrying would only reprocess the same bad data or schema. */
export const NO_RETRY_CATEGORIES: readonly Category[] = ['schema_mismatch', 'data_corruption'];

/**
 * Problems with a plan, as messages; empty when sound. Shared by the defaults (pinned by a test) and by
 * configuration parsing, so an override cannot express what the defaults are forbidden to.
 */
export function planProblems(category: Category, plan: Plan): string[] {
  const problems: string[] = [];
  if (plan.length === 0) problems.push('must have at least one step');
  if (category === 'permission_denied' && plan.some((s) => s.strategy !== 'escalate')) {
    problems.push('permission_denied may only escalate: FlexiRoaster never grants IAM');
  }
  if (NO_RETRY_CATEGORIES.includes(category) && plan.some((s) => STRATEGY_META[s.strategy].safety === 'retry')) {
    problems.push(`${category} must not retry: the same input would fail the same way (pause or escalate instead)`);
  }
  let previousRank = -1;
  plan.forEach((s, index) => {
    const meta = STRATEGY_META[s.strategy];
    if (meta.terminal && index !== plan.length - 1) problems.push(`step ${index + 1} (${s.strategy}) ends the plan, so it must be the last step`);
    if (!meta.terminal) {
      const rank = safetyRank(s.strategy);
      if (rank < previousRank) {
        problems.push(`step ${index + 1} (${s.strategy}, ${meta.safety}) comes after a more drastic step: keep the order continue → retry → skip → pause → rollback → terminate → escalate`);
      }
      previousRank = Math.max(previousRank, rank);
    }
    if (meta.terminal && s.maxAttempts !== 1) problems.push(`step ${index + 1} (${s.strategy}) runs once; maxAttempts must be 1`);
  });
  return problems;
}

export interface PlanPosition {
  index: number;
  step: PlanStep;
  /** 1-based attempt within the step. */
  stepAttempt: number;
}

/** Maps the incident's 1-based attempt number onto the plan: each step uses up its maxAttempts. */
export function positionOf(plan: Plan, attempt: number): PlanPosition | null {
  let remaining = attempt;
  for (let index = 0; index < plan.length; index += 1) {
    const current = plan[index] as PlanStep;
    if (remaining <= current.maxAttempts) return { index, step: current, stepAttempt: remaining };
    remaining -= current.maxAttempts;
  }
  return null;
}

/** First incident attempt number that lands on the given step. */
export function firstAttemptOf(plan: Plan, index: number): number {
  return plan.slice(0, index).reduce((sum, s) => sum + s.maxAttempts, 0) + 1;
}
