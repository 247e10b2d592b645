import type { RiskPredictionRow } from '../schema/tables';
import type { OnlineRiskScorer, RiskPrediction } from './online-risk-scorer';
import { decideRisk, type PolicyDecision, type RiskPolicy } from './policy/risk-policy';
import { toRiskPredictionRow } from './prediction-rows';
import type { RunEvent } from './run-events';

export interface PipelineRisk {
  pipelineId: string;
  runs: number;
  failed: number;
  /** Risk of the pipeline's next run, as of `at`. */
  next: RiskPrediction;
  decision: PolicyDecision;
}

export interface StoredRunRisk {
  /** One row per stored run start, scored from the runs before it. */
  rows: RiskPredictionRow[];
  pipelines: PipelineRisk[];
}

/**
 * Replays stored runs through the scorer (each start scored before its outcome is learned), keeps a
 * prediction row per run, and scores each pipeline's next run as of `at`: the picture for the
 * snapshot and the report, riskiest first.
 */
export function scoreStoredRuns(events: readonly RunEvent[], scorer: OnlineRiskScorer, policy: RiskPolicy, at: number): StoredRunRisk {
  const rows: RiskPredictionRow[] = [];
  const counts = new Map<string, { runs: number; failed: number }>();
  for (const event of events) {
    const count = counts.get(event.pipelineId) ?? { runs: 0, failed: 0 };
    counts.set(event.pipelineId, count);
    if (event.type === 'start') {
      const prediction = scorer.start(event);
      rows.push(toRiskPredictionRow(prediction, event.at, decideRisk(policy, event.pipelineId, prediction.failureProbability)));
      count.runs += 1;
    } else {
      scorer.outcome(event);
      if (event.status === 'failed') count.failed += 1;
    }
  }
  const pipelines = [...counts].map(([pipelineId, count]) => {
    const next = scorer.score({ type: 'start', pipelineId, runId: 'next', at });
    return { pipelineId, ...count, next, decision: decideRisk(policy, pipelineId, next.failureProbability) };
  });
  pipelines.sort((a, b) => b.next.failureProbability - a.next.failureProbability || a.pipelineId.localeCompare(b.pipelineId));
  return { rows, pipelines };
}
