import { createHash } from 'node:crypto';
import type { StrategyId } from './strategy-catalog';

export interface ActionKeyParts {
  pipelineId: string;
  /** The run the incident started with, so every redelivery and every path to the same step agrees. */
  rootRunId: string;
  signature: string;
  strategy: StrategyId;
  attempt: number;
}

/** Deterministic id of one remediation step: the same failure delivered twice maps to the same key. */
export function actionKeyOf(parts: ActionKeyParts): string {
  // JSON array encoding keeps ("a|b","c") and ("a","b|c") apart.
  const material = JSON.stringify(['v1', parts.pipelineId, parts.rootRunId, parts.signature, parts.strategy, parts.attempt]);
  return createHash('sha256').update(material).digest('hex');
}
