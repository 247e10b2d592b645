import type { RiskFactor } from '../model/risk-model';
import type { RiskPrediction } from '../online-risk-scorer';
import type { RunStart } from '../run-events';
import { decideRisk, type PolicyDecision, type RiskPolicy } from './risk-policy';

export interface PreflightRequest {
  pipelineId: string;
  features?: Record<string, number>;
  context?: Record<string, string>;
}

export interface PreflightAnswer {
  pipelineId: string;
  failureProbability: number;
  successProbability: number;
  topFactors: RiskFactor[];
  model: string;
  decision: PolicyDecision;
}

export class PreflightRequestError extends Error {
  override readonly name = 'PreflightRequestError';
}

/** Validates a `POST /preflight` body: `{pipelineId, features?: {name: number}, context?: {name: string}}`. */
export function parsePreflightRequest(body: unknown): PreflightRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PreflightRequestError('body must be a JSON object');
  const record = body as Record<string, unknown>;
  if (typeof record.pipelineId !== 'string' || record.pipelineId === '') throw new PreflightRequestError('"pipelineId" must be a non-empty string');
  const request: PreflightRequest = { pipelineId: record.pipelineId };
  if (record.features !== undefined) {
    if (typeof record.features !== 'object' || record.features === null || Array.isArray(record.features)) throw new PreflightRequestError('"features" must be an object of numbers');
    for (const [name, value] of Object.entries(record.features)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new PreflightRequestError(`"features.${name}" must be a finite number`);
    }
    request.features = record.features as Record<string, number>;
  }
  if (record.context !== undefined) {
    if (typeof record.context !== 'object' || record.context === null || Array.isArray(record.context)) throw new PreflightRequestError('"context" must be an object of strings');
    for (const [name, value] of Object.entries(record.context)) {
      if (typeof value !== 'string') throw new PreflightRequestError(`"context.${name}" must be a string`);
    }
    request.context = record.context as Record<string, string>;
  }
  return request;
}

/**
 * A preflight check for a run about to start (a Composer DAG's first task, a Workflows step): the
 * risk as of now, without recording a start, and the policy's verdict on it.
 */
export function preflight(score: (start: RunStart) => RiskPrediction, policy: RiskPolicy, request: PreflightRequest, at: number): PreflightAnswer {
  const prediction = score({
    type: 'start',
    pipelineId: request.pipelineId,
    runId: `preflight:${at}`,
    at,
    ...(request.features ? { features: request.features } : {}),
    ...(request.context ? { context: request.context } : {}),
  });
  return {
    pipelineId: request.pipelineId,
    failureProbability: prediction.failureProbability,
    successProbability: 1 - prediction.failureProbability,
    topFactors: prediction.factors,
    model: prediction.model,
    decision: decideRisk(policy, request.pipelineId, prediction.failureProbability),
  };
}
