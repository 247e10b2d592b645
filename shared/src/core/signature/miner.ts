import { canonicalTemplate, generaliseVariant, makeVariant, wildcardAt, wordKeyOf, type Cluster, type Family, type Variant } from './cluster';
import { compileMasks, maskMessage, type CompiledMask } from './masks';
import { resolveMinerOptions, type ResolvedMinerOptions, type SignatureMinerOptions } from './options';
import { PrefixTree, type Leaf } from './prefix-tree';
import { alignAcrossLengths, scorePositional } from './score';
import { signatureIdOf } from './signature-id';
import { canonicalMaskRule, InvalidStateError, parseSignatureState, SIGNATURE_STATE_SCHEMA_VERSION, type SignatureState } from './state';
import type { LearnedSignatureRow } from './consolidate';
import { isOutcome, vocabularyOf, type Vocabulary } from './vocabulary';
import { isVariable, TokenDescriber, tokenize, WILDCARD, type TokenFacts } from './tokens';

export interface SignatureMatch {
  readonly signatureId: string;
  readonly template: string;
  /** True when this line started a cluster no earlier line belonged to. */
  readonly isNew: boolean;
}

export interface SignatureSummary {
  readonly signatureId: string;
  readonly template: string;
  readonly count: number;
}

interface Line {
  tokens: string[];
  facts: TokenFacts;
  wordKey: string;
}

interface InLeaf {
  best: { variant: Variant; similarity: number; exact: number } | undefined;
  family: { variant: Variant; position: number; similarity: number } | undefined;
}

/**
 * Online, Drain-style template miner: a line is masked, routed by token count and leading tokens, and
 * joins the most similar cluster of its leaf, generalising differing variable positions to `<*>`.
 * Three departures from Drain, each there so one configuration serves every log source:
 *  - tokens that differ as words ("Started" vs "Paused", "GET" vs "POST") never merge on similarity
 *    alone; the position becomes a wildcard only once `familySize` clusters differ in just that word;
 *  - a line that does not fit positionally may join a cluster by alignment when the tokens left over
 *    are all values (an optional or multi-token field), so a message does not split by the length of
 *    its values; clusters the same line fits are merged;
 *  - the signature id is a hash of the template; when a template generalises its old id is kept as an
 *    alias that `resolve` follows, so ids handed out earlier keep resolving.
 * The persisted format and its validation live in `state.ts`; reading and writing files is the caller's.
 */
export class SignatureMiner {
  readonly options: ResolvedMinerOptions;
  private readonly masks: CompiledMask[];
  private readonly tree: PrefixTree<Variant>;
  private readonly clusters = new Map<string, Cluster>();
  private readonly aliases = new Map<string, string>();
  /** Variants by their leading tokens, across token counts: the candidates for alignment. */
  private readonly byPrefix = new Map<string, Set<Variant>>();
  private readonly describer = new TokenDescriber();
  private readonly vocabulary: Vocabulary;
  private nextSeq = 0;
  /** What was learned since the last drainLearned(); undefined until journalLearning() turns it on. */
  private learned: LearnedSignatureRow[] | undefined;

  constructor(options: SignatureMinerOptions = {}) {
    this.options = resolveMinerOptions(options);
    this.masks = compileMasks([...this.options.extraMasks, ...this.options.masks]);
    this.tree = new PrefixTree(this.options.prefixDepth, this.options.maxChildren);
    this.vocabulary = vocabularyOf(this.options.nameKeys, this.options.outcomeWords);
  }

  /**
   * Starts keeping every id this miner hands out for a new template and every generalisation (old id →
   * new id), so a function instance can record them for the fleet consolidation before it goes away.
   */
  journalLearning(): void {
    this.learned ??= [];
  }

  /** What was learned since the last call (oldest first), and forgets it; empty unless journalling. */
  drainLearned(): LearnedSignatureRow[] {
    if (this.learned === undefined || this.learned.length === 0) return [];
    const drained = this.learned;
    this.learned = [];
    return drained;
  }

  /** Masks and tokenises a message the way the miner sees it. */
  tokensOf(content: string): string[] {
    return tokenize(maskMessage(content, this.masks));
  }

  add(content: string): SignatureMatch {
    const line = this.lineOf(content);
    const leaf = this.tree.leaf(line.tokens.length, this.tree.route(line.tokens), true);
    const { best, family } = this.searchLeaf(leaf, line);
    if (best !== undefined) {
      const cluster = best.variant.cluster;
      cluster.count += 1;
      return this.matchOf(generaliseVariant(best.variant, line.tokens) ? this.refresh(cluster) : cluster, false);
    }
    const aligned = this.searchByAlignment(line);
    if (aligned.length > 0) {
      const [first, ...others] = aligned;
      let cluster = first!.variant.cluster;
      cluster.count += 1;
      this.attachVariant(this.variantOf(cluster, first!.tokens, leaf));
      // One line that fits two clusters shows they are the same message with optional parts.
      for (const other of others) {
        if (other.variant.cluster !== cluster && this.isLive(other.variant.cluster)) cluster = this.absorb(cluster, other.variant.cluster);
      }
      return this.matchOf(this.refresh(cluster), false);
    }
    const { cluster, existed } = this.createCluster(line, leaf);
    if (family !== undefined) {
      const merged = this.joinFamily(family.variant.cluster, leaf, family.position, cluster);
      if (merged !== undefined) return this.matchOf(merged, false);
    }
    return this.matchOf(cluster, !existed);
  }

  /** The signature a message would get, without learning from it; undefined when it would start a new one. */
  match(content: string): SignatureMatch | undefined {
    const line = this.lineOf(content);
    const leaf = this.tree.leaf(line.tokens.length, this.tree.route(line.tokens), false);
    const best = leaf === undefined ? undefined : this.searchLeaf(leaf, line).best;
    const variant = best?.variant ?? this.searchByAlignment(line)[0]?.variant;
    return variant === undefined ? undefined : this.matchOf(variant.cluster, false);
  }

  /** The current signature behind an id, following aliases left by generalisation; undefined if unknown. */
  resolve(signatureId: string): SignatureSummary | undefined {
    let id = signatureId;
    for (let hops = 0; hops <= this.aliases.size; hops += 1) {
      const cluster = this.clusters.get(id);
      if (cluster !== undefined) return summaryOf(cluster);
      const next = this.aliases.get(id);
      if (next === undefined) return undefined;
      id = next;
    }
    return undefined;
  }

  /** Live signatures in creation order. */
  signatures(): SignatureSummary[] {
    return this.liveClusters().map(summaryOf);
  }

  /** The whole state as versioned JSON (see `state.ts`); `fromJSON` gives back a miner that hands out the same ids. */
  toJSON(): SignatureState {
    const clusters = this.liveClusters();
    const families = new Set<Family>();
    for (const cluster of clusters) if (cluster.family !== undefined) families.add(cluster.family);
    const { similarityThreshold, prefixDepth, maxChildren, familySize, nameKeys, outcomeWords, masks, extraMasks } = this.options;
    return {
      schemaVersion: SIGNATURE_STATE_SCHEMA_VERSION,
      options: {
        similarityThreshold,
        prefixDepth,
        maxChildren,
        familySize,
        nameKeys: [...nameKeys],
        outcomeWords: [...outcomeWords],
        masks: masks.map(canonicalMaskRule),
        extraMasks: extraMasks.map(canonicalMaskRule),
      },
      clusters: clusters.map((cluster) => ({
        id: cluster.id,
        template: cluster.template,
        count: cluster.count,
        variants: cluster.variants.map((variant) => ({ tokens: [...variant.tokens], path: [...variant.leaf.path] })),
      })),
      families: [...families].map((family) => ({
        length: family.leaf.length,
        path: [...family.leaf.path],
        position: family.position,
        members: family.members.map((member) => member.id),
      })),
      aliases: Object.fromEntries(this.aliases),
    };
  }

  /**
   * Restores a miner from `toJSON` output (object or text). Throws `UnsupportedStateVersionError` for
   * another schema version and `InvalidStateError` for anything malformed or inconsistent, such as an
   * id that is not the hash of its template.
   */
  static fromJSON(input: unknown): SignatureMiner {
    const state = parseSignatureState(input);
    let miner: SignatureMiner;
    try {
      miner = new SignatureMiner(state.options);
    } catch (error) {
      throw new InvalidStateError('$.options', error instanceof Error ? error.message : String(error));
    }
    state.clusters.forEach((stored, i) => {
      const at = `$.clusters[${i}]`;
      if (miner.clusters.has(stored.id)) throw new InvalidStateError(`${at}.id`, 'appears twice');
      const cluster: Cluster = { id: stored.id, template: '', count: stored.count, seq: miner.nextSeq, variants: [], family: undefined };
      miner.nextSeq += 1;
      for (const { tokens, path } of stored.variants) {
        if (path.length > tokens.length) throw new InvalidStateError(`${at}.variants`, 'path is longer than its tokens');
        miner.attachVariant(miner.variantOf(cluster, [...tokens], miner.tree.leaf(tokens.length, path, true)));
      }
      cluster.template = canonicalTemplate(cluster.variants);
      if (cluster.template !== stored.template) throw new InvalidStateError(`${at}.template`, 'does not match its variants');
      if (signatureIdOf(cluster.template) !== stored.id) throw new InvalidStateError(`${at}.id`, 'is not the id of its template');
      miner.clusters.set(cluster.id, cluster);
    });
    state.families.forEach((stored, i) => {
      const members = stored.members.map((id) => miner.clusters.get(id));
      if (members.some((member) => member === undefined)) throw new InvalidStateError(`$.families[${i}].members`, 'names an unknown cluster');
      if (!Number.isInteger(stored.position) || stored.position < 0 || stored.position >= stored.length) {
        throw new InvalidStateError(`$.families[${i}].position`, 'is outside its token count');
      }
      const family: Family = { leaf: miner.tree.leaf(stored.length, stored.path, true), position: stored.position, members: members as Cluster[] };
      for (const member of family.members) member.family = family;
    });
    for (const [from, to] of Object.entries(state.aliases)) miner.aliases.set(from, to);
    return miner;
  }

  private lineOf(content: string): Line {
    const tokens = this.tokensOf(content);
    const facts = this.describer.describe(tokens);
    return { tokens, facts, wordKey: wordKeyOf(facts) };
  }

  private searchLeaf(leaf: Leaf<Variant>, line: Line): InLeaf {
    const result: InLeaf = { best: undefined, family: undefined };
    const threshold = this.options.similarityThreshold;
    const length = line.tokens.length;
    for (const variant of leaf.entries) {
      const score = scorePositional(variant, line.tokens, line.facts, this.vocabulary);
      if (score.hard === 0) {
        if (score.similarity >= threshold && (result.best === undefined || better(score, variant, result.best))) {
          result.best = { variant, similarity: score.similarity, exact: score.exact };
        }
      } else if (score.hard === 1 && length > 1) {
        // How similar the rest of the line is, as if the one differing word were a wildcard.
        const rest = (score.similarity * length) / (length - 1);
        const family = variant.cluster.family;
        const joinable =
          (family === undefined || (family.leaf === leaf && family.position === score.hardAt)) &&
          !isOutcome(this.vocabulary, variant.tokens[score.hardAt]!) &&
          !isOutcome(this.vocabulary, line.tokens[score.hardAt]!);
        if (joinable && rest >= threshold && (result.family === undefined || rest > result.family.similarity)) {
          result.family = { variant, position: score.hardAt, similarity: rest };
        }
      }
    }
    return result;
  }

  /** Every cluster the line fits by alignment, best first. */
  private searchByAlignment(line: Line): Array<{ variant: Variant; tokens: string[] }> {
    const candidates = this.byPrefix.get(this.prefixKey(line.tokens));
    if (candidates === undefined) return [];
    const threshold = this.options.similarityThreshold;
    const found: Array<{ variant: Variant; tokens: string[]; similarity: number; exact: number }> = [];
    const seen = new Set<Cluster>();
    for (const variant of candidates) {
      if (seen.has(variant.cluster)) continue;
      const longer = Math.max(variant.tokens.length, line.tokens.length);
      if (Math.min(variant.tokens.length, line.tokens.length) < threshold * longer) continue;
      if (variant.tokens.length * line.tokens.length > MAX_ALIGNMENT_CELLS) continue;
      // A word aligns only with the same word or a wildcard and may not fall into a gap, so without
      // wildcards the words must be the same ones in the same order.
      if (!variant.hasWildcard && variant.wordKey !== line.wordKey) continue;
      const aligned = alignAcrossLengths(variant, line.tokens, line.facts, threshold);
      if (aligned === undefined) continue;
      seen.add(variant.cluster);
      found.push({ variant, ...aligned });
    }
    return found.sort((a, b) => b.similarity - a.similarity || b.exact - a.exact || a.variant.cluster.seq - b.variant.cluster.seq);
  }

  /** `existed`: another leaf already held this exact template (only possible after tree overflow). */
  private createCluster(line: Line, leaf: Leaf<Variant>): { cluster: Cluster; existed: boolean } {
    const tokens = line.tokens;
    const template = tokens.join(' ');
    const cluster: Cluster = { id: signatureIdOf(template), template, count: 1, seq: this.nextSeq, variants: [], family: undefined };
    this.nextSeq += 1;
    const facts = { skeletons: [...line.facts.skeletons], wordiness: [...line.facts.wordiness], framed: [...line.facts.framed] };
    this.attachVariant(makeVariant(cluster, [...tokens], facts, leaf));
    const twin = this.clusters.get(cluster.id);
    this.clusters.set(cluster.id, cluster);
    // A live cluster takes its id back from an alias left by an older generalisation.
    this.aliases.delete(cluster.id);
    if (twin === undefined) this.learned?.push({ signatureId: cluster.id, template, aliasOf: null });
    return twin !== undefined ? { cluster: this.absorb(cluster, twin), existed: true } : { cluster, existed: false };
  }

  private variantOf(cluster: Cluster, tokens: string[], leaf: Leaf<Variant>): Variant {
    return makeVariant(cluster, tokens, this.describer.describe(tokens), leaf);
  }

  private attachVariant(variant: Variant): void {
    variant.cluster.variants.push(variant);
    variant.leaf.entries.push(variant);
    const key = pathKey(variant.leaf.path);
    let set = this.byPrefix.get(key);
    if (set === undefined) {
      set = new Set();
      this.byPrefix.set(key, set);
    }
    set.add(variant);
  }

  /** Recomputes the template after a change; the old id becomes an alias of the new one. */
  private refresh(cluster: Cluster): Cluster {
    const template = canonicalTemplate(cluster.variants);
    if (template === cluster.template) return cluster;
    const oldTemplate = cluster.template;
    cluster.template = template;
    const oldId = cluster.id;
    const newId = signatureIdOf(template);
    if (newId === oldId) return cluster;
    this.clusters.delete(oldId);
    this.aliases.set(oldId, newId);
    this.learned?.push({ signatureId: oldId, template: oldTemplate, aliasOf: newId }, { signatureId: newId, template, aliasOf: null });
    this.aliases.delete(newId);
    cluster.id = newId;
    const twin = this.clusters.get(newId);
    this.clusters.set(newId, cluster);
    return twin !== undefined && twin !== cluster ? this.absorb(cluster, twin) : cluster;
  }

  /** Folds `source` into `target` and leaves an alias behind; variants in the same leaf are merged. */
  private absorb(target: Cluster, source: Cluster): Cluster {
    this.leaveFamily(source);
    if (this.clusters.get(source.id) === source) this.clusters.delete(source.id);
    if (source.id !== target.id) {
      this.aliases.set(source.id, target.id);
      this.learned?.push({ signatureId: source.id, template: source.template, aliasOf: target.id });
    }
    target.count += source.count;
    target.seq = Math.min(target.seq, source.seq);
    for (const variant of source.variants) {
      this.detachVariant(variant);
      // Same leaf and no word conflict: one positional template; otherwise a shifted shape stays apart.
      const same = target.variants.find((v) => v.leaf === variant.leaf && scorePositional(v, variant.tokens, variant.facts).hard === 0);
      if (same !== undefined) generaliseVariant(same, variant.tokens);
      else this.attachVariant(makeVariant(target, variant.tokens, variant.facts, variant.leaf));
    }
    source.variants = [];
    return this.refresh(target);
  }

  private detachVariant(variant: Variant): void {
    const at = variant.leaf.entries.indexOf(variant);
    if (at >= 0) variant.leaf.entries.splice(at, 1);
    this.byPrefix.get(pathKey(variant.leaf.path))?.delete(variant);
  }

  private joinFamily(anchor: Cluster, leaf: Leaf<Variant>, position: number, newcomer: Cluster): Cluster | undefined {
    const family = anchor.family ?? { leaf, position, members: [anchor] };
    anchor.family = family;
    family.members.push(newcomer);
    newcomer.family = family;
    if (distinctWords(family) < this.options.familySize) return undefined;
    const [first, ...rest] = [...family.members].sort((a, b) => a.seq - b.seq);
    for (const member of family.members) member.family = undefined;
    for (const variant of first!.variants) if (variant.leaf === leaf) wildcardAt(variant, position);
    let merged = first!;
    for (const member of rest) if (this.isLive(member)) merged = this.absorb(merged, member);
    return merged;
  }

  private leaveFamily(cluster: Cluster): void {
    const family = cluster.family;
    if (family === undefined) return;
    family.members = family.members.filter((member) => member !== cluster);
    cluster.family = undefined;
    if (family.members.length === 1) family.members[0]!.family = undefined;
  }

  private isLive(cluster: Cluster): boolean {
    return this.clusters.get(cluster.id) === cluster;
  }

  private liveClusters(): Cluster[] {
    return [...this.clusters.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * The leading tokens as routing sees them, without the token count: only lines of different lengths
   * that start alike are compared by alignment, which keeps that comparison rare. Variants are filed
   * under their leaf's path, which is the same key unless a full tree node sent them to the wildcard.
   */
  private prefixKey(tokens: readonly string[]): string {
    const depth = Math.min(this.options.prefixDepth, tokens.length);
    const path: string[] = [];
    for (let i = 0; i < depth; i += 1) path.push(isVariable(tokens[i]!) ? WILDCARD : tokens[i]!);
    return pathKey(path);
  }

  private matchOf(cluster: Cluster, isNew: boolean): SignatureMatch {
    return { signatureId: cluster.id, template: cluster.template, isNew };
  }
}

function pathKey(path: readonly string[]): string {
  return path.join('\u0000');
}

function summaryOf(cluster: Cluster): SignatureSummary {
  return { signatureId: cluster.id, template: cluster.template, count: cluster.count };
}

/** Alignment is quadratic; beyond this (about 256 tokens a side) a line only matches positionally. */
const MAX_ALIGNMENT_CELLS = 65_536;

/** Members can share a word when they differ elsewhere too; only distinct words are evidence. */
function distinctWords(family: Family): number {
  const words = new Set<string>();
  for (const member of family.members) {
    for (const variant of member.variants) if (variant.leaf === family.leaf) words.add(variant.tokens[family.position]!);
  }
  return words.size;
}

function better(score: { similarity: number; exact: number }, variant: Variant, best: { variant: Variant; similarity: number; exact: number }): boolean {
  if (score.similarity !== best.similarity) return score.similarity > best.similarity;
  if (score.exact !== best.exact) return score.exact > best.exact;
  if (variant.cluster.count !== best.variant.cluster.count) return variant.cluster.count > best.variant.cluster.count;
  return variant.cluster.seq < best.variant.cluster.seq;
}
