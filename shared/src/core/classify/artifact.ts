import { createHash } from 'node:crypto';
import type { Category } from '../domain/category';
import { isCategory } from '../domain/category';
import type { ForestJson } from '../forest/forest';
import type { InvertedIndexJson } from '../retrieval/inverted-index';
import type { IndexedEntry } from '../retrieval/evidence';
import type { TfidfVectorizerJson } from '../text/tfidf-vectorizer';
import type { FusionParameters } from './model-classifier';

export const ARTIFACT_NAME = 'flexiroaster-error-classifier';
/** Bump when the artifact's shape or the meaning of a field changes; old files are then refused. */
export const ARTIFACT_SCHEMA_VERSION = 1;

export interface ClassifierMetrics {
  /** Out-of-fold figures on the training data (stratified k-fold), after fusion and calibration. */
  crossValidation: { folds: number; macroF1: number; accuracy: number; ece: number };
  examplesPerCategory: Record<string, number>;
}

export interface ClassifierArtifactBody {
  name: typeof ARTIFACT_NAME;
  schemaVersion: typeof ARTIFACT_SCHEMA_VERSION;
  createdAt: string;
  /** Time span of the verified history included; null bounds when only the curated knowledge base was used. */
  trainingWindow: { from: string | null; to: string | null };
  trainingExamples: number;
  knowledgeEntries: number;
  seed: number;
  classes: Category[];
  metrics: ClassifierMetrics;
  fusion: FusionParameters;
  vectorizer: TfidfVectorizerJson;
  forest: ForestJson;
  index: InvertedIndexJson;
  entries: IndexedEntry[];
}

export interface ClassifierArtifact extends ClassifierArtifactBody {
  /** sha256 of the body's JSON: a truncated or edited file is refused instead of mispredicting. */
  hash: string;
}

export class ArtifactMismatchError extends Error {
  override readonly name = 'ArtifactMismatchError';
}

export function hashBody(body: ClassifierArtifactBody): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export function sealArtifact(body: ClassifierArtifactBody): ClassifierArtifact {
  return { ...body, hash: hashBody(body) };
}

/** Checks name, schema version, classes and content hash of a parsed artifact file. */
export function verifyArtifact(value: unknown): ClassifierArtifact {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ArtifactMismatchError('artifact is not a JSON object');
  const candidate = value as Partial<ClassifierArtifact> & Record<string, unknown>;
  if (candidate.name !== ARTIFACT_NAME) throw new ArtifactMismatchError(`artifact name is "${String(candidate.name)}", expected "${ARTIFACT_NAME}"`);
  if (candidate.schemaVersion !== ARTIFACT_SCHEMA_VERSION) {
    throw new ArtifactMismatchError(`artifact schemaVersion is ${String(candidate.schemaVersion)}, this build reads ${ARTIFACT_SCHEMA_VERSION}; retrain with \`flexiroaster train\``);
  }
  if (!Array.isArray(candidate.classes) || !candidate.classes.every(isCategory)) throw new ArtifactMismatchError('artifact classes are not known categories');
  const { hash, ...body } = candidate;
  if (typeof hash !== 'string') throw new ArtifactMismatchError('artifact has no content hash');
  const actual = hashBody(body as unknown as ClassifierArtifactBody);
  if (actual !== hash) throw new ArtifactMismatchError(`artifact content hash ${actual.slice(0, 12)}… does not match the recorded ${hash.slice(0, 12)}…`);
  return candidate as ClassifierArtifact;
}
