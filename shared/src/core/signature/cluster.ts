import { mergeAligned } from './align';
import type { Leaf } from './prefix-tree';
import { isFramed, mergeTokens, skeletonOf, WILDCARD, Wordiness, wordinessOf, type TokenFacts } from './tokens';

/**
 * One positional template of a cluster, stored in the tree leaf of its token count and prefix. A
 * cluster has several when its lines vary in length (optional or multi-token values).
 */
export interface Variant {
  cluster: Cluster;
  tokens: string[];
  /** Cached per position; the scoring loop would otherwise run regexes per comparison. */
  facts: TokenFacts;
  /** The words in order: without wildcards a line must have the same to align (see `searchByAlignment`). */
  wordKey: string;
  /** Holds a wildcard, bare or inside a token, so words of a line may align with it. */
  hasWildcard: boolean;
  leaf: Leaf<Variant>;
}

/** Clusters of one leaf that differ only in one word at `position`; merged once there are enough. */
export interface Family {
  leaf: Leaf<Variant>;
  position: number;
  members: Cluster[];
}

export interface Cluster {
  id: string;
  template: string;
  count: number;
  /** Creation order: breaks ties the same way before and after a save/load. */
  seq: number;
  variants: Variant[];
  family: Family | undefined;
}

/** `facts` must describe `tokens` and is owned by the variant from now on (generalisation edits it). */
export function makeVariant(cluster: Cluster, tokens: string[], facts: TokenFacts, leaf: Leaf<Variant>): Variant {
  const variant: Variant = { cluster, tokens, facts, wordKey: '', hasWildcard: false, leaf };
  updateKeys(variant);
  return variant;
}

function updateKeys(variant: Variant): void {
  variant.wordKey = wordKeyOf(variant.facts);
  variant.hasWildcard = variant.tokens.some((token) => token.includes(WILDCARD));
}

export function wordKeyOf(facts: TokenFacts): string {
  let key = '';
  for (let i = 0; i < facts.skeletons.length; i += 1) if (facts.wordiness[i] === Wordiness.Word) key += `${facts.skeletons[i]}\u0000`;
  return key;
}

/**
 * The template text the id is derived from. With several token counts, the variants are folded
 * longest first (ties by text) so the text depends on the set of variants, not the order they arrived.
 */
export function canonicalTemplate(variants: readonly Variant[]): string {
  if (variants.length === 1) return variants[0]!.tokens.join(' ');
  const sorted = variants
    .map((variant) => variant.tokens)
    .sort((a, b) => b.length - a.length || compareText(a.join(' '), b.join(' ')));
  let merged = sorted[0]!;
  for (const tokens of sorted.slice(1)) merged = mergeAligned(merged, tokens);
  return merged.join(' ');
}

/**
 * Positions where `tokens` differs from the variant are generalised, keeping the constant frame of the
 * token where there is one (`blk_1` and `blk_2` give `blk_<*>`); returns whether anything changed.
 */
export function generaliseVariant(variant: Variant, tokens: readonly string[]): boolean {
  let changed = false;
  for (let i = 0; i < variant.tokens.length; i += 1) {
    const current = variant.tokens[i]!;
    if (current === tokens[i] || current === WILDCARD) continue;
    const merged = mergeTokens(current, tokens[i]!);
    if (merged !== current) {
      setToken(variant, i, merged);
      changed = true;
    }
  }
  if (changed) updateKeys(variant);
  return changed;
}

/** A family's word becomes a bare wildcard: the words had nothing in common to keep. */
export function wildcardAt(variant: Variant, position: number): void {
  if (variant.tokens[position] === WILDCARD) return;
  setToken(variant, position, WILDCARD);
  updateKeys(variant);
}

function setToken(variant: Variant, i: number, token: string): void {
  variant.tokens[i] = token;
  const skeleton = token === WILDCARD ? '' : skeletonOf(token);
  variant.facts.skeletons[i] = skeleton;
  variant.facts.wordiness[i] = token === WILDCARD ? Wordiness.Value : wordinessOf(token, skeleton);
  variant.facts.framed[i] = isFramed(token);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
