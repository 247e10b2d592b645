import { existsSync } from 'node:fs';
import { RulesOnlyClassifier } from '../../core/classify/rules-classifier';
import type { AppConfig } from '../../core/config/app-config';
import type { EventClassifier } from '../../core/domain/classification';
import { loadArtifactClassifier } from './artifact-file';
import { SHIPPED_MODEL_PATH } from './shipped-model';

/**
 * The configured artifact, else the one shipped with the project, else the rules stage alone (so a
 * checkout without a trained model still classifies what codes and phrases make certain).
 */
export async function loadConfiguredClassifier(config: Pick<AppConfig, 'modelPath'>): Promise<EventClassifier> {
  if (config.modelPath !== undefined) return loadArtifactClassifier(config.modelPath);
  if (existsSync(SHIPPED_MODEL_PATH)) return loadArtifactClassifier(SHIPPED_MODEL_PATH);
  return new RulesOnlyClassifier();
}
