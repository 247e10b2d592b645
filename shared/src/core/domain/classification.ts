import type { LearnedSignatureRow } from '../signature/consolidate';
import type { Category } from './category';
import type { Source, StructuredCodes } from './pipeline-event';

export interface ClassificationInput {
  message: string;
  source?: Source;
  codes?: StructuredCodes;
}

export interface RankedCategory {
  category: Category;
  confidence: number;
}

/** A knowledge-base entry that resembles the message, and what resolved it. */
export interface KnowledgeEvidence {
  id: string;
  category: Category;
  similarity: number;
  title: string;
  resolution: string;
  strategy: string;
  successCount: number;
  failureCount: number;
}

export interface ContributingTerm {
  term: string;
  /** How much this term pushed the prediction toward the chosen category. */
  weight: number;
}

export interface Classification {
  category: Category;
  /** Calibrated probability that category is right, in [0, 1]. */
  confidence: number;
  /** Which stage decided: structured codes/unmistakable phrases, or the learned model. */
  stage: 'rules' | 'model';
  /** The rule id that fired, when stage is 'rules'; or why the model abstained. */
  rule?: string;
  runnerUp?: RankedCategory;
  /** Stable id of the message's template; the same failure with other ids and numbers shares it. */
  signature?: string;
  template?: string;
  topTerms?: ContributingTerm[];
  evidence?: KnowledgeEvidence[];
}

export interface EventClassifier {
  classify(input: ClassificationInput): Classification;
  /**
   * Signature ids handed out and generalisations learned since the last call (for the fleet's
   * signature_aliases); classifiers without an online miner have none.
   */
  drainLearnedSignatures?(): LearnedSignatureRow[];
}
