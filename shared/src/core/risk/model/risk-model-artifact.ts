import { FeatureLayout } from '../features';
import { GbdtModel } from '../gbdt/gbdt-model';
import type { GbdtOptions } from '../gbdt/train-gbdt';
import { RISK_ARTIFACT_NAME, RISK_ARTIFACT_SCHEMA_VERSION, RiskArtifactMismatchError, sealRiskArtifact, verifyRiskArtifact, type RiskArtifact } from './risk-artifact';
import { RiskModel } from './risk-model';
import type { TrainedRisk } from './train-risk-model';

export interface LoadedRiskModel {
  model: RiskModel;
  layout: FeatureLayout;
  artifact: RiskArtifact;
}

/** The version a loaded model reports on its predictions: the first 12 hex digits of its content hash. */
export function artifactVersion(hash: string): string {
  return `gbdt-${hash.slice(0, 12)}`;
}

export function riskArtifactOf(
  trained: TrainedRisk,
  layout: FeatureLayout,
  meta: { createdAt: string; trainingWindow: { from: string | null; to: string | null }; seed: number; options: GbdtOptions },
): RiskArtifact {
  return sealRiskArtifact({
    name: RISK_ARTIFACT_NAME,
    schemaVersion: RISK_ARTIFACT_SCHEMA_VERSION,
    createdAt: meta.createdAt,
    trainingWindow: meta.trainingWindow,
    seed: meta.seed,
    options: meta.options,
    featureNames: [...trained.model.featureNames],
    contextKeys: [...layout.contextKeys],
    inputNames: [...layout.inputNames],
    gbdt: trained.model.gbdt.toJSON(),
    calibration: trained.calibration,
    metrics: { trainingExamples: trained.trainingExamples, trainingFailures: trained.trainingFailures, heldOutTail: trained.heldOutTail },
  });
}

/** Verifies a parsed artifact and rebuilds the model and the feature layout it reads. */
export function riskModelFromArtifact(value: unknown): LoadedRiskModel {
  const artifact = verifyRiskArtifact(value);
  let layout: FeatureLayout;
  try {
    layout = FeatureLayout.fromNames(artifact.featureNames);
  } catch (error) {
    throw new RiskArtifactMismatchError(error instanceof Error ? error.message : String(error));
  }
  const model = new RiskModel(artifactVersion(artifact.hash), new GbdtModel(artifact.gbdt), artifact.calibration, artifact.featureNames);
  return { model, layout, artifact };
}
