export { averagePathLength, maxTreeDepth } from './average-path-length';
export { IsolationForestInputError, IsolationForestModelError } from './errors';
export { explainIsolation, type FeatureIsolation, type IsolationExplanation } from './explain';
export { DEFAULT_SAMPLE_SIZE, DEFAULT_TREES, fitIsolationForest, type IsolationForestOptions } from './fit';
export { ISOLATION_FOREST_JSON_VERSION, IsolationForestModel, type IsolationForestJson } from './model';
export type { FeatureRow } from './rows';
export { isolationScore, isolationScores } from './score';
