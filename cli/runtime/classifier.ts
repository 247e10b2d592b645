import { existsSync } from 'node:fs';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import type { EventClassifier } from '../../shared/src/core/domain/classification';
import { SHIPPED_MODEL_PATH } from '../../shared/src/adapters/model/shipped-model';

/** The configured artifact, else the one shipped with the project, else the rules stage alone. */
export async function loadCliClassifier(config: AppConfig): Promise<EventClassifier> {
  const path = config.modelPath ?? (existsSync(SHIPPED_MODEL_PATH) ? SHIPPED_MODEL_PATH : undefined);
  if (path === undefined) return new RulesOnlyClassifier();
  const { loadArtifactClassifier } = await import('../../shared/src/adapters/model/artifact-file');
  return loadArtifactClassifier(path);
}
