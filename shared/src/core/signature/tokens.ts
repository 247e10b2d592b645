/** The generalised position of a template: any token (or, across lengths, any run of tokens). */
export const WILDCARD = '<*>';

const PLACEHOLDER_GLOBAL = /<(?:\*|[A-Z][A-Z0-9_]*)>/g;
const HAS_PLACEHOLDER = /<(?:\*|[A-Z][A-Z0-9_]*)>/;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Za-z]/;
/** Letters glued by a dot, slash or colon: a host, class, path or key, not a plain word. */
const COMPOUND = /[A-Za-z0-9_][./\\@:][A-Za-z0-9_]/;
const DIGITS = /\d+/g;
const ALNUM_RUN = /[A-Za-z0-9]+/g;

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
 * The constant shape of a token: placeholders go, and so do alphanumeric runs that hold digits, except
 * that a word with a numeric suffix keeps its letters. `[Thunderbird_A8]` -> `[Thunderbird_]`,
 * `an14` -> ``, `blk_123` -> `blk_`, but `SOCKS5` -> `SOCKS` and `ssh2` -> `ssh`: ids are mostly digits
 * or short letter prefixes, names with a version are mostly letters.
 */
export function skeletonOf(token: string): string {
  const bare = token.replace(PLACEHOLDER_GLOBAL, '');
  if (!HAS_DIGIT.test(bare)) return bare;
  return bare.replace(ALNUM_RUN, (run) => {
    if (!HAS_DIGIT.test(run)) return run;
    const letters = run.replace(DIGITS, '').length;
    return letters >= 3 && letters > run.length - letters ? run.replace(DIGITS, '') : '';
  });
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

export function describeTokens(tokens: readonly string[]): TokenFacts {
  const skeletons = tokens.map(skeletonOf);
  return { skeletons, wordiness: tokens.map((token, i) => wordinessOf(token, skeletons[i])) };
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
