import { OutcomeHistory } from './history/outcome-history';
import type { RunStatus } from './run-events';

/** Pseudo-runs at the pipeline's predicted probability that temper a task's short record. */
const PRIOR_RUNS = 2;
/** Weight of a non-critical task's risk relative to a critical one's. */
const NON_CRITICAL_WEIGHT = 0.5;
/** How much a task that is usually retried raises its own risk (at a retry on every run). */
const RETRY_UPLIFT = 0.5;

export interface StageRisk {
  stageId: string;
  critical: boolean;
  /** Probability that this task fails in the run. */
  failureProbability: number;
  /** failureProbability × criticality weight: what to look at first. */
  riskScore: number;
  factors: { historicalFailureRate: number; retryShare: number; criticalityWeight: number };
}

/**
 * Task-level history per pipeline (Composer DAG tasks, Dataflow stages): every task outcome and
 * retry that the ingest path sees, keyed by pipeline and task.
 */
export class StageHistories {
  private readonly byPipeline = new Map<string, Map<string, OutcomeHistory>>();

  recordStart(pipelineId: string, stageId: string, at: number, tryNumber?: number): void {
    this.history(pipelineId, stageId).recordStart(at, tryNumber === undefined ? undefined : tryNumber > 1);
  }

  recordOutcome(pipelineId: string, stageId: string, at: number, status: RunStatus, durationS?: number, signature?: string): void {
    this.history(pipelineId, stageId).recordOutcome(at, status, durationS, signature, true);
  }

  stagesOf(pipelineId: string): ReadonlyMap<string, OutcomeHistory> {
    return this.byPipeline.get(pipelineId) ?? new Map();
  }

  private history(pipelineId: string, stageId: string): OutcomeHistory {
    let stages = this.byPipeline.get(pipelineId);
    if (!stages) {
      stages = new Map();
      this.byPipeline.set(pipelineId, stages);
    }
    let history = stages.get(stageId);
    if (!history) {
      history = new OutcomeHistory();
      stages.set(stageId, history);
    }
    return history;
  }
}

/**
 * Stage risk as the seeds decompose it: the task's own failure rate (smoothed toward the run's
 * predicted probability, so a task with no record inherits the run's risk), raised by how often it
 * needs retries, and weighted by criticality. Riskiest first.
 */
export function stageRisks(
  pipelineProbability: number,
  stages: ReadonlyMap<string, OutcomeHistory>,
  criticalStages: ReadonlySet<string>,
): StageRisk[] {
  const out: StageRisk[] = [];
  for (const [stageId, history] of stages) {
    const decided = history.outcomes - history.cancellations;
    const historicalFailureRate = (history.failures + pipelineProbability * PRIOR_RUNS) / (decided + PRIOR_RUNS);
    const retryShare = history.starts > 0 ? Math.min(1, history.retryStarts / history.starts) : 0;
    const failureProbability = Math.min(1, historicalFailureRate * (1 + RETRY_UPLIFT * retryShare));
    const critical = criticalStages.has(stageId);
    const criticalityWeight = critical ? 1 : NON_CRITICAL_WEIGHT;
    out.push({ stageId, critical, failureProbability, riskScore: failureProbability * criticalityWeight, factors: { historicalFailureRate, retryShare, criticalityWeight } });
  }
  return out.sort((a, b) => b.riskScore - a.riskScore || a.stageId.localeCompare(b.stageId));
}
