import { createHash } from 'node:crypto';

export const ROLLOUT_STAGES = ['shadow', 'canary', 'full', 'rolled_back'] as const;
export type RolloutStage = (typeof ROLLOUT_STAGES)[number];

export interface RolloutState {
  /** The model that answers for runs outside the canary. */
  currentVersion: string;
  /** The model being rolled out, while one is. */
  candidateVersion: string | null;
  stage: RolloutStage | null;
  /** Share of pipelines the candidate answers for in canary. */
  canaryShare: number;
}

export interface RolloutAuditRecord {
  at: string;
  actor: string;
  from: RolloutStage | null;
  to: RolloutStage;
  candidateVersion: string;
  currentVersion: string;
  reason: string;
}

export class RolloutTransitionError extends Error {
  override readonly name = 'RolloutTransitionError';
}

const NEXT: Readonly<Record<RolloutStage, readonly RolloutStage[]>> = {
  shadow: ['canary', 'rolled_back'],
  canary: ['full', 'rolled_back'],
  full: [],
  rolled_back: [],
};

/**
 * Gradual rollout of a new risk model: shadow (scored and recorded, never answers), canary (answers
 * for a fixed share of pipelines, chosen by a hash of the pipeline id so a pipeline does not flip
 * between models), full (the candidate becomes current). Every step returns its audit record.
 */
export class ModelRollout {
  constructor(private state: RolloutState) {}

  get snapshot(): RolloutState {
    return { ...this.state };
  }

  begin(candidateVersion: string, at: string, actor: string, reason: string): RolloutAuditRecord {
    if (this.state.stage === 'shadow' || this.state.stage === 'canary') {
      throw new RolloutTransitionError(`model ${this.state.candidateVersion} is still in ${this.state.stage}; finish or roll it back first`);
    }
    const record = this.record(at, actor, 'shadow', candidateVersion, reason);
    this.state = { ...this.state, candidateVersion, stage: 'shadow' };
    return record;
  }

  advance(to: RolloutStage, at: string, actor: string, reason: string): RolloutAuditRecord {
    const from = this.state.stage;
    const candidate = this.state.candidateVersion;
    if (from === null || candidate === null || !NEXT[from].includes(to)) {
      throw new RolloutTransitionError(`cannot go from ${from ?? 'no rollout'} to ${to}`);
    }
    const record = this.record(at, actor, to, candidate, reason);
    if (to === 'full') this.state = { ...this.state, currentVersion: candidate, candidateVersion: null, stage: 'full' };
    else if (to === 'rolled_back') this.state = { ...this.state, candidateVersion: null, stage: 'rolled_back' };
    else this.state = { ...this.state, stage: to };
    return record;
  }

  /** Which model answers for this pipeline, and which one (if any) is scored beside it for the record. */
  route(pipelineId: string): { answering: string; shadow: string | null } {
    const { stage, candidateVersion, currentVersion, canaryShare } = this.state;
    if (candidateVersion === null) return { answering: currentVersion, shadow: null };
    if (stage === 'canary' && bucketOf(pipelineId) < canaryShare) return { answering: candidateVersion, shadow: currentVersion };
    return { answering: currentVersion, shadow: candidateVersion };
  }

  private record(at: string, actor: string, to: RolloutStage, candidateVersion: string, reason: string): RolloutAuditRecord {
    return { at, actor, from: this.state.stage, to, candidateVersion, currentVersion: this.state.currentVersion, reason };
  }
}

/** A stable number in [0, 1) per pipeline. */
export function bucketOf(pipelineId: string): number {
  return createHash('sha256').update(pipelineId).digest().readUInt32BE(0) / 4294967296;
}
