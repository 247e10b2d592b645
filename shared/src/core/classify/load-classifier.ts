import { CATEGORIES, type Category } from '../domain/category';
import { Forest } from '../forest/forest';
import { InvertedIndex } from '../retrieval/inverted-index';
import { TfidfVectorizer } from '../text/tfidf-vectorizer';
import { type ClassifierArtifact, verifyArtifact } from './artifact';
import { ForestModel } from './forest-model';
import { MinerSignatures } from './miner-signatures';
import { ModelClassifier } from './model-classifier';

/** Verifies (name, schema version, hash) and turns a parsed artifact into a ready classifier. */
export function classifierFromArtifact(value: unknown): { classifier: ModelClassifier; artifact: ClassifierArtifact } {
  const artifact = verifyArtifact(value);
  const classifier = new ModelClassifier({
    classes: artifact.classes.filter((category): category is Category => (CATEGORIES as readonly string[]).includes(category)),
    signatures: new MinerSignatures(),
    vectorizer: TfidfVectorizer.fromJSON(artifact.vectorizer),
    model: new ForestModel(Forest.fromJSON(artifact.forest)),
    index: InvertedIndex.fromJSON(artifact.index),
    entries: artifact.entries,
    fusion: artifact.fusion,
  });
  return { classifier, artifact };
}
