import type { RunOutcome, RunStart } from '../run-events';
import { OutcomeHistory } from './outcome-history';

/** Runs started but not yet ended that are remembered; beyond this the oldest are forgotten. */
const MAX_PENDING_RUNS = 1_000_000;

export interface PendingRun<T> {
  pipeline: OutcomeHistory;
  contexts: OutcomeHistory[];
  startedAt: number;
  payload: T;
}

/**
 * Online history per pipeline, per context value (e.g. user=u81) and overall, updated by the run
 * stream in order. Features for a start are read from it before the start is recorded, and an
 * outcome only changes it when it arrives, so no prediction can see its own run's outcome.
 */
export class RiskHistory<T = undefined> {
  readonly pipelines = new Map<string, OutcomeHistory>();
  readonly contexts = new Map<string, OutcomeHistory>();
  readonly overall = new OutcomeHistory();
  private readonly pending = new Map<string, PendingRun<T>>();

  pipeline(pipelineId: string): OutcomeHistory | undefined {
    return this.pipelines.get(pipelineId);
  }

  /** The histories of a start's context values, in the order of `keys` (undefined where never seen). */
  contextHistories(context: Record<string, string> | undefined, keys: readonly string[]): Array<OutcomeHistory | undefined> {
    return keys.map((key) => {
      const value = context?.[key];
      return value === undefined ? undefined : this.contexts.get(contextKey(key, value));
    });
  }

  recordStart(start: RunStart, payload: T): void {
    const pipeline = getOrCreate(this.pipelines, start.pipelineId);
    pipeline.recordStart(start.at);
    this.overall.recordStart(start.at);
    const contexts: OutcomeHistory[] = [];
    if (start.context) {
      for (const [key, value] of Object.entries(start.context)) {
        const history = getOrCreate(this.contexts, contextKey(key, value));
        history.recordStart(start.at);
        contexts.push(history);
      }
    }
    const id = runKey(start.pipelineId, start.runId);
    this.pending.delete(id);
    this.pending.set(id, { pipeline, contexts, startedAt: start.at, payload });
    if (this.pending.size > MAX_PENDING_RUNS) {
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
  }

  /** Records an outcome; returns what was remembered about its start (undefined for an unseen or repeated run). */
  recordOutcome(outcome: RunOutcome): PendingRun<T> | undefined {
    const id = runKey(outcome.pipelineId, outcome.runId);
    const started = this.pending.get(id);
    if (started) this.pending.delete(id);
    const signature = outcome.signature ?? outcome.category;
    const pipeline = started?.pipeline ?? getOrCreate(this.pipelines, outcome.pipelineId);
    pipeline.recordOutcome(outcome.at, outcome.status, outcome.durationS, signature, started !== undefined);
    this.overall.recordOutcome(outcome.at, outcome.status, outcome.durationS, signature, started !== undefined);
    for (const context of started?.contexts ?? []) context.recordOutcome(outcome.at, outcome.status, outcome.durationS, signature, true);
    return started;
  }

  get pendingRuns(): number {
    return this.pending.size;
  }
}

function getOrCreate(map: Map<string, OutcomeHistory>, key: string): OutcomeHistory {
  let history = map.get(key);
  if (!history) {
    history = new OutcomeHistory();
    map.set(key, history);
  }
  return history;
}

function contextKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function runKey(pipelineId: string, runId: string): string {
  return `${pipelineId}\u0000${runId}`;
}
