import { alignTokens } from './align';
import type { Variant } from './cluster';
import { fitsFrame, isHardMismatch, mergeTokens, WILDCARD, Wordiness, type TokenFacts } from './tokens';
import { isOutcome, namesFollow, vocabularyOf, type Vocabulary } from './vocabulary';

export interface PositionalScore {
  /** (equal tokens + template wildcards) / length. */
  similarity: number;
  /** Equal tokens that are not wildcards: how much constant text the line shares. */
  exact: number;
  /** Positions where the tokens differ in a word-like way (see `isHardMismatch`). */
  hard: number;
  /** The last hard position; meaningful when `hard` is 1. */
  hardAt: number;
}

/**
 * Unlike Drain, a template wildcard counts as agreement: a line full of masked values is no less
 * similar to its template than a line of words. What Drain's threshold guarded against (two messages
 * of the same shape with different words) is handled explicitly by refusing plain-word mismatches.
 */
export function scorePositional(
  variant: Variant,
  tokens: readonly string[],
  line: TokenFacts,
  vocabulary: Vocabulary = NO_VOCABULARY,
): PositionalScore {
  const template = variant.tokens;
  const facts = variant.facts;
  let exact = 0;
  let wild = 0;
  let hard = 0;
  let hardAt = -1;
  for (let i = 0; i < template.length; i += 1) {
    const expected = template[i]!;
    if (expected === tokens[i]) exact += 1;
    else if (covers(expected, facts, i, tokens[i]!, line, i)) wild += 1;
    else if (isHardMismatch(facts, i, line, i) && !isNameAfterKey(template, tokens, i, vocabulary)) {
      hard += 1;
      hardAt = i;
    }
  }
  const similarity = template.length === 0 ? 1 : (exact + wild) / template.length;
  return { similarity, exact, hard, hardAt };
}

const NO_VOCABULARY = vocabularyOf([], []);

/** A wildcard, a token of the same shape (`blk_1` for `blk_2`), or a frame the token fits (`blk_<*>`). */
function covers(expected: string, facts: TokenFacts, i: number, token: string, line: TokenFacts, j: number): boolean {
  return expected === WILDCARD || facts.skeletons[i] === line.skeletons[j] || (facts.framed[i]! && fitsFrame(expected, token));
}

/** "for user alice" vs "for user bob": a differing word right after a shared name key, unless it is an outcome. */
function isNameAfterKey(template: readonly string[], tokens: readonly string[], i: number, vocabulary: Vocabulary): boolean {
  return (
    i > 0 &&
    template[i - 1] === tokens[i - 1] &&
    namesFollow(vocabulary, template[i - 1]!) &&
    !isOutcome(vocabulary, template[i]!) &&
    !isOutcome(vocabulary, tokens[i]!)
  );
}

/**
 * A line whose token count differs from the variant: align them and accept when every unaligned
 * token, on either side, is a variable or punctuation (an optional or multi-token value), and the
 * aligned part is similar enough. Returns the variant the line would add, or undefined.
 */
export function alignAcrossLengths(
  variant: Variant,
  tokens: readonly string[],
  line: TokenFacts,
  threshold: number,
): { similarity: number; exact: number; tokens: string[] } | undefined {
  const template = variant.tokens;
  const facts = variant.facts;
  const pairs = alignTokens(
    template.length,
    tokens.length,
    (t, l) => (template[t] === tokens[l] ? 3 : covers(template[t]!, facts, t, tokens[l]!, line, l) ? 2 : isHardMismatch(facts, t, line, l) ? 0 : 1),
  );
  const similarity = pairs.length / Math.max(template.length, tokens.length);
  if (similarity < threshold) return undefined;
  const alignedTemplate = new Uint8Array(template.length);
  const alignedLine = new Int32Array(tokens.length).fill(-1);
  let exact = 0;
  for (const [t, l] of pairs) {
    alignedTemplate[t] = 1;
    alignedLine[l] = t;
    if (template[t] === tokens[l] && line.wordiness[l] === Wordiness.Word) exact += 1;
  }
  if (exact === 0) return undefined;
  for (let t = 0; t < template.length; t += 1) if (alignedTemplate[t] === 0 && facts.wordiness[t] !== Wordiness.Value) return undefined;
  for (let l = 0; l < tokens.length; l += 1) if (alignedLine[l] === -1 && line.wordiness[l] !== Wordiness.Value) return undefined;
  const merged = tokens.map((token, l) => {
    const t = alignedLine[l]!;
    return t < 0 ? WILDCARD : template[t] === WILDCARD ? WILDCARD : mergeTokens(template[t]!, token);
  });
  return { similarity, exact, tokens: merged };
}

