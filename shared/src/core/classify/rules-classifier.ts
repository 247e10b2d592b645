import type { Classification, ClassificationInput, EventClassifier } from '../domain/classification';
import { classifyByRules } from './rules';

/**
 * The deterministic first stage on its own: structured codes and unmistakable phrases, otherwise
 * `unknown`. Used when no trained artifact is configured, so nothing is guessed.
 */
export class RulesOnlyClassifier implements EventClassifier {
  classify(input: ClassificationInput): Classification {
    return classifyByRules(input) ?? { category: 'unknown', confidence: 0, stage: 'rules', rule: 'no_rule_matched' };
  }
}
