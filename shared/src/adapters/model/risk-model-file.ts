import { readFileSync } from 'node:fs';
import { riskModelFromArtifact, type LoadedRiskModel } from '../../core/risk/model/risk-model-artifact';

/** Reads and verifies a risk model artifact; a mismatch fails loudly instead of mispredicting. */
export function loadRiskModelFile(path: string): LoadedRiskModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read risk model artifact ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return riskModelFromArtifact(parsed);
}
