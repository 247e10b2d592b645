import { createHash } from 'node:crypto';
import type { RiskPredictionRow } from '../schema/tables';
import type { RiskPrediction } from './online-risk-scorer';
import type { PolicyDecision } from './policy/risk-policy';
import type { RolloutStage } from './policy/model-rollout';

/** Where scored run starts are kept (BigQuery risk_predictions in production, DuckDB locally). */
export interface RiskPredictionStore {
  savePredictions(rows: readonly RiskPredictionRow[]): Promise<void>;
}

/** One risk_predictions row; the id depends only on the run and the model, so a redelivery writes nothing new. */
export function toRiskPredictionRow(prediction: RiskPrediction, startedAt: number, decision: PolicyDecision, rolloutStage: RolloutStage | null = null): RiskPredictionRow {
  return {
    prediction_id: createHash('sha256').update(`${prediction.pipelineId}\u0000${prediction.runId}\u0000${prediction.model}`).digest('hex').slice(0, 32),
    pipeline_id: prediction.pipelineId,
    run_id: prediction.runId,
    predicted_at: new Date(startedAt).toISOString(),
    failure_probability: prediction.failureProbability,
    factors: JSON.stringify(prediction.factors),
    model: prediction.model,
    rollout_stage: rolloutStage,
    verdict: decision.verdict,
    dry_run: decision.dryRun,
  };
}
