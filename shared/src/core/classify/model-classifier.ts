import { applyTemperature } from '../calibration/calibration';
import type { Category } from '../domain/category';
import type { Classification, ClassificationInput, ContributingTerm, EventClassifier } from '../domain/classification';
import type { Source } from '../domain/pipeline-event';
import type { InvertedIndex } from '../retrieval/inverted-index';
import { type IndexedEntry, type RetrievalEvidence, retrievalDistribution, toEvidence } from '../retrieval/evidence';
import type { SparseVector } from '../text/sparse-vector';
import { classifyByRules } from './rules';
import { withStructuredFeatures } from './structured-features';
import type { LearnedSignatureRow } from '../signature/consolidate';

export interface SignatureSource {
  signatureOf(message: string): { signatureId: string; template: string };
  mask(message: string): string;
  drainLearned?(): LearnedSignatureRow[];
}

export interface TextVectorizer {
  transform(text: string): SparseVector;
  termAt(index: number): string | undefined;
  readonly size: number;
}

export interface CategoryModel {
  predictProba(x: SparseVector): Float64Array;
  /** Per-feature push toward one class along the decision paths; used for "top contributing terms". */
  contributions(x: SparseVector, classIndex: number): Array<{ feature: number; weight: number }>;
}

export interface FusionParameters {
  /** Share of the final distribution given to retrieval when the nearest entry is an exact match. */
  retrievalWeight: number;
  temperature: number;
  /** Below this calibrated confidence the answer is `unknown`. */
  abstainBelow: number;
  neighbors: number;
  minSimilarity: number;
  /**
   * Observed precision of the rules stage per fixed confidence level (key: the level as text), from
   * the training data: a rule's hand-set confidence is replaced by how often rules at that level were right.
   */
  ruleConfidence: Record<string, number>;
}

export interface ModelParts {
  /** Class order of the model's probability vector. */
  classes: readonly Category[];
  signatures: SignatureSource;
  vectorizer: TextVectorizer;
  model: CategoryModel;
  index: InvertedIndex;
  entries: readonly IndexedEntry[];
  fusion: FusionParameters;
}

export interface ScoreComponents {
  forest: Float64Array;
  retrieved: Float64Array | null;
  evidence: RetrievalEvidence[];
  text: SparseVector;
  features: SparseVector;
}

export interface Scored extends ScoreComponents {
  probabilities: Float64Array;
}

/**
 * Linear opinion pool: retrieval's share grows with how close the nearest entry is, so an exact
 * known incident can overrule the forest while a loose match barely moves it. Then temperature.
 */
export function fuseComponents(
  components: Pick<ScoreComponents, 'forest' | 'retrieved' | 'evidence'>,
  fusion: Pick<FusionParameters, 'retrievalWeight' | 'temperature'>,
): Float64Array {
  const { forest, retrieved, evidence } = components;
  const share = retrieved ? fusion.retrievalWeight * (evidence[0]?.similarity ?? 0) : 0;
  const fused = new Float64Array(forest.length);
  for (let i = 0; i < fused.length; i += 1) fused[i] = (1 - share) * (forest[i] as number) + share * ((retrieved?.[i] as number) ?? 0);
  return applyTemperature(fused, fusion.temperature);
}

/**
 * Codes and unmistakable phrases first; otherwise TF-IDF + forest, fused with retrieval over the
 * knowledge base, temperature-calibrated, and `unknown` below the abstention threshold.
 */
export class ModelClassifier implements EventClassifier {
  constructor(private readonly parts: ModelParts) {}

  drainLearnedSignatures(): LearnedSignatureRow[] {
    return this.parts.signatures.drainLearned?.() ?? [];
  }

  /** The two opinions before fusion: the forest's distribution and the knowledge base's nearest entries. */
  components(message: string, source?: Source): ScoreComponents {
    const { vectorizer, model, index, entries, fusion, classes, signatures } = this.parts;
    const text = vectorizer.transform(signatures.mask(message));
    const features = withStructuredFeatures(text, vectorizer.size, source);
    const evidence = toEvidence(index.search(text, fusion.neighbors, fusion.minSimilarity), entries);
    return { forest: model.predictProba(features), retrieved: retrievalDistribution(evidence, classes), evidence, text, features };
  }

  /** Calibrated, fused distribution over `classes`. */
  score(message: string, source?: Source): Scored {
    const components = this.components(message, source);
    return { ...components, probabilities: fuseComponents(components, this.parts.fusion) };
  }

  classify(input: ClassificationInput): Classification {
    const { signatureId, template } = this.parts.signatures.signatureOf(input.message);
    const ruled = classifyByRules(input);
    const scored = this.score(input.message, input.source);
    const evidence = scored.evidence.map(({ weight: _weight, ...rest }) => rest);
    if (ruled) {
      const confidence = this.parts.fusion.ruleConfidence[String(ruled.confidence)] ?? ruled.confidence;
      const runnerUp = this.rank(scored.probabilities).find((item) => item.category !== ruled.category);
      return {
        ...ruled,
        confidence,
        signature: signatureId,
        template,
        evidence,
        ...(runnerUp ? { runnerUp: { category: runnerUp.category, confidence: Math.min(runnerUp.confidence, 1 - confidence) } } : {}),
      };
    }
    const [top, second] = this.rank(scored.probabilities);
    if (!top) throw new Error('model returned an empty distribution');
    const abstain = top.category !== 'unknown' && top.confidence < this.parts.fusion.abstainBelow;
    const classIndex = this.parts.classes.indexOf(top.category);
    const result: Classification = {
      category: abstain ? 'unknown' : top.category,
      confidence: abstain ? 1 - top.confidence : top.confidence,
      stage: 'model',
      signature: signatureId,
      template,
      topTerms: this.topTerms(scored.features, classIndex),
      evidence,
    };
    if (abstain) {
      result.rule = `abstained: best guess ${top.category} at ${top.confidence.toFixed(2)} is below ${this.parts.fusion.abstainBelow}`;
      result.runnerUp = { category: top.category, confidence: top.confidence };
    } else if (second) {
      result.runnerUp = second;
    }
    return result;
  }

  private rank(probabilities: Float64Array): Array<{ category: Category; confidence: number }> {
    return [...probabilities]
      .map((confidence, i) => ({ category: this.parts.classes[i] as Category, confidence }))
      .sort((a, b) => b.confidence - a.confidence);
  }

  private topTerms(features: SparseVector, classIndex: number, limit = 5): ContributingTerm[] {
    if (classIndex < 0) return [];
    // Saabas also credits a term's absence; an engineer reading "top terms" expects words from the message.
    const present = new Set(features.indices);
    return this.parts.model
      .contributions(features, classIndex)
      .filter((item) => item.weight > 0 && item.feature < this.parts.vectorizer.size && present.has(item.feature))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, limit)
      .map((item) => ({ term: this.parts.vectorizer.termAt(item.feature) ?? `#${item.feature}`, weight: Math.round(item.weight * 1e4) / 1e4 }));
  }
}
