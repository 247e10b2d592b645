/** The generalised position of a template: any token (or, across lengths, any run of tokens). */
export const WILDCARD = '<*>';

const PLACEHOLDER_GLOBAL = /<(?:\*|[A-Z][A-Z0-9_]*)>/g;
const HAS_PLACEHOLDER = /<(?:\*|[A-Z][A-Z0-9_]*)>/;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Za-z]/;
/** Letters glued by a dot, slash or at-sign, or a leading path: a host, class, path or address, not a word. */
const COMPOUND = /[A-Za-z0-9_][./\\@][A-Za-z0-9_]|^\(?(?:\.{1,2}|~)?\/\w/;
const ALNUM_RUN = /[A-Za-z0-9]+/g;
const HEX_RUN = /^[0-9A-Fa-f]+$/;
const NAME_THEN_NUMBER = /^([A-Za-z]{2,})\d+$/;
/** A sign in front of a number is part of the value: `index:-1` and `index:1` share a shape. */
const SIGNED_NUMBER = /[-+](?=\d)/g;
const KEY_VALUE = /^([^=<>]*[A-Za-z][^=<>]*=)(.+)$/;

export function tokenize(masked: string): string[] {
  const trimmed = masked.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}

/**
 * Variable tokens: placeholders, anything holding a digit. Drain treats them as parameters when
 * routing; here they also may be generalised freely when they differ.
 */
export function isVariable(token: string): boolean {
  return HAS_DIGIT.test(token) || HAS_PLACEHOLDER.test(token);
}

/**
 * The constant shape of a token. Placeholders count as digits; an alphanumeric run holding digits is
 * dropped as a value unless it reads as a name with a number (letters, then fewer digits), which keeps
 * its letters (`eth0` -> `eth`, `SOCKS5` -> `SOCKS`); generated ids and hex fragments go (`A8`,
 * `an14`, `x7k2`, `fe0a`, `blk_123` -> `blk_`).
 * `key=value` with a variable value keeps just `key=`, whatever the value's own punctuation.
 */
export function skeletonOf(token: string): string {
  const assignment = KEY_VALUE.exec(token);
  if (assignment !== null && isVariable(assignment[2]!)) return assignment[1]!;
  if (!isVariable(token)) return token;
  return token.replace(PLACEHOLDER_GLOBAL, '0').replace(SIGNED_NUMBER, '').replace(ALNUM_RUN, skeletonOfRun);
}

function skeletonOfRun(run: string): string {
  if (!HAS_DIGIT.test(run)) return run;
  if (run.length >= 4 && HEX_RUN.test(run)) return '';
  const name = NAME_THEN_NUMBER.exec(run);
  return name !== null && name[1]!.length > run.length - name[1]!.length ? name[1]! : '';
}

/** How much a token reads as a word; decides which differences may become wildcards. */
export const Wordiness = {
  /** Placeholders, punctuation, compounds (hosts, classes, paths): values. */
  Value: 0,
  /** Letters mixed with digits or placeholders: `SOCKS5`, `LOCAL(<NUM>)`, `node-<NUM>`. */
  Mixed: 1,
  /** Letters only (with punctuation): `Started`, `GET`, `user=root`, `sent,`. */
  Word: 2,
} as const;
export type Wordiness = (typeof Wordiness)[keyof typeof Wordiness];

export function wordinessOf(token: string, skeleton: string = skeletonOf(token)): Wordiness {
  if (!HAS_LETTER.test(skeleton) || COMPOUND.test(token)) return Wordiness.Value;
  return isVariable(token) ? Wordiness.Mixed : Wordiness.Word;
}

/** Per-position facts the scoring loop needs, computed once per line or template change. */
export interface TokenFacts {
  readonly skeletons: string[];
  readonly wordiness: Wordiness[];
}

/**
 * Token facts with a memo: log tokens repeat heavily, and the regexes behind a token's facts are the
 * miner's main cost after masking. Bounded by clearing, so a stream of unique tokens cannot grow it.
 */
export class TokenDescriber {
  private readonly memo = new Map<string, { skeleton: string; wordiness: Wordiness }>();

  constructor(private readonly capacity = 50_000) {}

  describe(tokens: readonly string[]): TokenFacts {
    const skeletons: string[] = new Array<string>(tokens.length);
    const wordiness: Wordiness[] = new Array<Wordiness>(tokens.length);
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      let facts = this.memo.get(token);
      if (facts === undefined) {
        const skeleton = skeletonOf(token);
        facts = { skeleton, wordiness: wordinessOf(token, skeleton) };
        if (this.memo.size >= this.capacity) this.memo.clear();
        this.memo.set(token, facts);
      }
      skeletons[i] = facts.skeleton;
      wordiness[i] = facts.wordiness;
    }
    return { skeletons, wordiness };
  }
}

/**
 * Two different tokens are a hard mismatch when their constant shapes differ and together they weigh
 * as a word: two words ("Started" vs "Paused"), two mixed names ("SOCKS5" vs "HTTPS" counts as word vs
 * mixed), or a word against a value ("sent," vs "(<NUM>"). A mixed token against a value
 * (`LOCAL(<NUM>)` vs `<IP>`) and same-shape tokens (`blk_1` vs `blk_2`) are ordinary variables.
 */
export function isHardMismatch(a: TokenFacts, i: number, b: TokenFacts, j: number): boolean {
  return a.skeletons[i] !== b.skeletons[j] && a.wordiness[i]! + b.wordiness[j]! >= 2;
}
