import { createHash } from 'node:crypto';
import type { GbdtJson } from '../gbdt/gbdt-model';
import type { GbdtOptions } from '../gbdt/train-gbdt';
import type { PlattScaling } from './platt';

export const RISK_ARTIFACT_NAME = 'flexiroaster-risk-model';
/** Bump when the artifact's shape or a feature's meaning changes; old files are then refused. */
export const RISK_ARTIFACT_SCHEMA_VERSION = 1;

export interface RiskEvaluation {
  /** Examples (runs that ended succeeded or failed) in the evaluated slice. */
  examples: number;
  failures: number;
  rocAuc: number;
  brier: number;
  /** Brier of always predicting the slice's training base rate: the bar a useful model clears. */
  baseRateBrier: number;
}

export interface RiskArtifactBody {
  name: typeof RISK_ARTIFACT_NAME;
  schemaVersion: typeof RISK_ARTIFACT_SCHEMA_VERSION;
  createdAt: string;
  /** Start times of the first and last run trained on. */
  trainingWindow: { from: string | null; to: string | null };
  seed: number;
  options: GbdtOptions;
  /** Feature columns in order; context keys and input feature names fix the layout they came from. */
  featureNames: string[];
  contextKeys: string[];
  inputNames: string[];
  gbdt: GbdtJson;
  calibration: PlattScaling;
  metrics: {
    trainingExamples: number;
    trainingFailures: number;
    /** The later part of the window, held out in time: calibration is fitted on it and measured there. */
    heldOutTail: RiskEvaluation;
  };
}

export interface RiskArtifact extends RiskArtifactBody {
  /** sha256 of the body's JSON: a truncated or edited file is refused instead of mispredicting. */
  hash: string;
}

export class RiskArtifactMismatchError extends Error {
  override readonly name = 'RiskArtifactMismatchError';
}

export function hashRiskBody(body: RiskArtifactBody): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export function sealRiskArtifact(body: RiskArtifactBody): RiskArtifact {
  return { ...body, hash: hashRiskBody(body) };
}

/** Checks name, schema version, shape and content hash of a parsed risk artifact. */
export function verifyRiskArtifact(value: unknown): RiskArtifact {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RiskArtifactMismatchError('risk artifact is not a JSON object');
  const candidate = value as Partial<RiskArtifact> & Record<string, unknown>;
  if (candidate.name !== RISK_ARTIFACT_NAME) throw new RiskArtifactMismatchError(`artifact name is "${String(candidate.name)}", expected "${RISK_ARTIFACT_NAME}"`);
  if (candidate.schemaVersion !== RISK_ARTIFACT_SCHEMA_VERSION) {
    throw new RiskArtifactMismatchError(`risk artifact schemaVersion is ${String(candidate.schemaVersion)}, this build reads ${RISK_ARTIFACT_SCHEMA_VERSION}; retrain with \`flexiroaster train-risk\``);
  }
  if (!Array.isArray(candidate.featureNames) || !candidate.gbdt || !Array.isArray(candidate.gbdt.trees)) {
    throw new RiskArtifactMismatchError('risk artifact has no feature names or trees');
  }
  if (candidate.gbdt.featureCount !== candidate.featureNames.length) {
    throw new RiskArtifactMismatchError(`risk artifact trees read ${candidate.gbdt.featureCount} features but it names ${candidate.featureNames.length}`);
  }
  const { hash, ...body } = candidate;
  if (typeof hash !== 'string') throw new RiskArtifactMismatchError('risk artifact has no content hash');
  const actual = hashRiskBody(body as unknown as RiskArtifactBody);
  if (actual !== hash) throw new RiskArtifactMismatchError(`risk artifact content hash ${actual.slice(0, 12)}… does not match the recorded ${hash.slice(0, 12)}…`);
  return candidate as RiskArtifact;
}
