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

export interface Classification {
  category: Category;
  /** Calibrated probability that category is right, in [0, 1]. */
  confidence: number;
  /** Which stage decided: structured codes/unmistakable phrases, or the learned model. */
  stage: 'rules' | 'model';
  /** The rule id that fired, when stage is 'rules'. */
  rule?: string;
  runnerUp?: RankedCategory;
  signature?: string;
}

export interface EventClassifier {
  classify(input: ClassificationInput): Classification;
}
