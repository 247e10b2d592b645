import { SignatureMiner } from './miner';
import type { SignatureMinerOptions } from './options';
import { signatureIdOf } from './signature-id';
import { WILDCARD } from './tokens';

/**
 * What one miner instance knows: the templates it holds now and, for any id it ever handed out, the
 * template that id stands for today. A live SignatureMiner is one; so are the rows a function instance
 * recorded in `signature_aliases` (see `ledgerOfRows`).
 */
export interface SignatureLedger {
  liveTemplates(): readonly string[];
  templateOf(signatureId: string): string | undefined;
}

export interface CanonicalSignature {
  signatureId: string;
  canonicalId: string;
  template: string;
}

/** One recorded id: its template when it was handed out, and the id it generalised into, if it did. */
export interface LearnedSignatureRow {
  signatureId: string;
  template: string;
  aliasOf: string | null;
}

export function ledgerOfMiner(miner: SignatureMiner): SignatureLedger {
  return {
    liveTemplates: () => miner.signatures().map((summary) => summary.template),
    templateOf: (signatureId) => miner.resolve(signatureId)?.template,
  };
}

/** Follows each row's aliasOf chain (cycles and dangling links stop at the last known row). */
export function ledgerOfRows(rows: readonly LearnedSignatureRow[]): SignatureLedger {
  // An id is recorded when handed out and again when it generalises; the generalisation is the later fact.
  const byId = new Map<string, LearnedSignatureRow>();
  for (const row of rows) {
    const known = byId.get(row.signatureId);
    if (known === undefined || (known.aliasOf === null && row.aliasOf !== null)) byId.set(row.signatureId, row);
  }
  const latest = (signatureId: string): LearnedSignatureRow | undefined => {
    let row = byId.get(signatureId);
    const seen = new Set<string>();
    while (row !== undefined && row.aliasOf !== null && !seen.has(row.signatureId)) {
      seen.add(row.signatureId);
      const next = byId.get(row.aliasOf);
      if (next === undefined) break;
      row = next;
    }
    return row;
  };
  return {
    liveTemplates: () => [...byId.values()].filter((row) => row.aliasOf === null || !byId.has(row.aliasOf)).map((row) => row.template),
    templateOf: (signatureId) => latest(signatureId)?.template,
  };
}

function tokenCount(template: string): number {
  return template.split(' ').filter((token) => token !== '').length;
}

function wildcardCount(template: string): number {
  let count = 0;
  for (let at = template.indexOf(WILDCARD); at !== -1; at = template.indexOf(WILDCARD, at + WILDCARD.length)) count += 1;
  return count;
}

/**
 * Merges what several independent miner instances learned into one set of canonical signatures.
 * Each instance saw part of the traffic, so one may hold `Deleted <*>` while another still holds
 * `Deleted blk_1` and `Deleted blk_2`. Every live template of every instance is mined again by one
 * fresh miner with the same options, most general first, so a specific template meets the general
 * one it belongs to instead of founding a cluster of its own; the canonical id of any id an instance
 * ever handed out is the id its current template resolves to there. The order depends only on the
 * templates, not on which instance knew them, so the result is the same for any order of ledgers.
 */
export class SignatureConsolidation {
  private constructor(
    private readonly merged: SignatureMiner,
    private readonly ledgers: readonly SignatureLedger[],
  ) {}

  static of(ledgers: readonly SignatureLedger[], options: SignatureMinerOptions = {}): SignatureConsolidation {
    const templates = [...new Set(ledgers.flatMap((ledger) => ledger.liveTemplates()))];
    templates.sort((a, b) => wildcardCount(b) - wildcardCount(a) || (a < b ? -1 : a > b ? 1 : 0));
    const merged = new SignatureMiner(options);
    for (const template of templates) merged.add(template);
    return new SignatureConsolidation(merged, ledgers);
  }

  /** The canonical signature behind an id any of the ledgers handed out; undefined when none knows it. */
  canonicalOf(signatureId: string): CanonicalSignature | undefined {
    for (const ledger of this.ledgers) {
      const template = ledger.templateOf(signatureId);
      if (template === undefined) continue;
      const found = this.merged.match(template);
      const live = found === undefined ? undefined : this.merged.resolve(found.signatureId);
      // Across lengths a template's `<*>` reads as an optional value, which the raw line it came from
      // was not ("user=root" is a word): such a merge is the consolidation's guess, not evidence, so
      // the template stands for itself. Positional generalisation is what instances would have learned.
      if (live === undefined || tokenCount(live.template) !== tokenCount(template)) return { signatureId, canonicalId: signatureIdOf(template), template };
      return { signatureId, canonicalId: live.signatureId, template: live.template };
    }
    return undefined;
  }

  /** The canonical signatures themselves, in creation order. */
  canonicalTemplates(): readonly { signatureId: string; template: string }[] {
    return this.merged.signatures().map(({ signatureId, template }) => ({ signatureId, template }));
  }
}
