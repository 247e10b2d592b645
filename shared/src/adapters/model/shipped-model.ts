import { join } from 'node:path';
import { projectRoot } from '../system/project-root';

/** The classifier artifact committed with the project, built by `flexiroaster train`. */
export const SHIPPED_MODEL_PATH = join(projectRoot(), 'models/classifier.json');
