import { readFileSync } from 'node:fs';
import { classifierFromArtifact } from '../../core/classify/load-classifier';
import type { ModelClassifier } from '../../core/classify/model-classifier';

/** Reads and verifies a classifier artifact file; a mismatch fails loudly instead of mispredicting. */
export async function loadArtifactClassifier(path: string): Promise<ModelClassifier> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read classifier artifact ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return classifierFromArtifact(parsed).classifier;
}
