import type { Category } from '../../domain/category';
import type { RemediationAction } from '../actions';
import type { PipelineRegistration } from '../config/registration';
import type { RemediationRequest } from '../decision';

export interface StrategyInput {
  request: RemediationRequest;
  registration: PipelineRegistration;
  category: Category;
  actionKey: string;
  /** 1-based attempt within the plan step: larger machine types and other zones advance with it. */
  stepAttempt: number;
}

/**
 * act: one API call; skip: deliberately nothing (non-critical pipeline); inform: tell people
 * (escalate, notify); not_applicable: this strategy cannot act on this failure, with the reason.
 */
export type StrategyResult =
  | { kind: 'act'; action: RemediationAction; createdRunId: string | null; detail: string }
  | { kind: 'skip'; detail: string }
  | { kind: 'inform'; detail: string }
  | { kind: 'not_applicable'; why: string };

export type Strategy = (input: StrategyInput) => StrategyResult;

export function notApplicable(why: string): StrategyResult {
  return { kind: 'not_applicable', why };
}

/** Deterministic suffix for ids the action creates, so a redelivered request names the same job or run. */
export function keySuffix(actionKey: string, length = 12): string {
  return actionKey.slice(0, length);
}
