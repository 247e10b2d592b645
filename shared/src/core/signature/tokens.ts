/** The generalised position of a template: any token (or, across lengths, any run of tokens). */
export const WILDCARD = '<*>';

const PLACEHOLDER_GLOBAL = /<(?:\*|[A-Z][A-Z0-9_]*)>/g;
const HAS_PLACEHOLDER = /<(?:\*|[A-Z][A-Z0-9_]*)>/;
const BARE_PLACEHOLDER = /^<(?:\*|[A-Z][A-Z0-9_]*)>$/;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Za-z]/;
/** Letters glued by a dot, slash or at-sign, or a leading path: a host, class, path or address, not a word. */
const COMPOUND = /[A-Za-z0-9_][./\\@][A-Za-z0-9_]|^\(?(?:\.{1,2}|~)?\/\w/;
const ALNUM_RUN = /[A-Za-z0-9]+/g;
const HEX_RUN = /^[0-9A-Fa-f]+$/;
const NAME_THEN_NUMBER = /^([A-Za-z]{2,})\d+$/;
/** A sign in front of a number is part of the value: `index:-1` and `index:1` share a shape. */
const SIGNED_NUMBER = /[-+](?=\d)/g;
const KEY_VALUE = /^([^=<>]*=)(.+)$/;
const RUN_OF_WILDCARDS = /(?:<\*>){2,}/g;
/** Alphanumeric runs holding a digit, first and last. */
const FIRST_DIGIT_RUN = /[A-Za-z0-9]*\d[A-Za-z0-9]*/;
const LAST_DIGIT_RUN = /[A-Za-z0-9]*\d[A-Za-z0-9]*(?!.*\d)/;

/**
 * Whitespace tokens, with a run of the same bare placeholder folded into one: a list of values
 * (`delete <*> <*> <*>`) is one variable whatever its length, like a single masked value.
 */
export function tokenize(masked: string): string[] {
  const trimmed = masked.trim();
  if (trimmed === '') return [];
  const tokens: string[] = [];
  for (const token of trimmed.split(/\s+/)) {
    if (token === tokens[tokens.length - 1] && BARE_PLACEHOLDER.test(token)) continue;
    tokens.push(token);
  }
  return tokens;
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
  const assignment = token.includes('=') ? KEY_VALUE.exec(token) : null;
  if (assignment !== null && HAS_LETTER.test(assignment[1]!) && isVariable(assignment[2]!)) return assignment[1]!;
  if (!isVariable(token)) return token;
  return token.replace(PLACEHOLDER_GLOBAL, '0').replace(SIGNED_NUMBER, '').replace(ALNUM_RUN, skeletonOfRun);
}

function skeletonOfRun(run: string): string {
  if (!HAS_DIGIT.test(run)) return run;
  if (run.length >= 4 && HEX_RUN.test(run)) return '';
  const name = NAME_THEN_NUMBER.exec(run);
  return name !== null && name[1]!.length > run.length - name[1]!.length ? name[1]! : '';
}

/**
 * The generalisation of two different tokens: what they share at the start up to a separator, a
 * wildcard, and what they share at the end from a separator (`blk_1`/`blk_-2` -> `blk_<*>`,
 * `(host8.example.net)`/`(a-b.example.org)` -> `(<*>)`). Words share no frame (`alpha`/`beta` -> `<*>`),
 * and a placeholder is never cut in half.
 */
export function mergeTokens(a: string, b: string): string {
  if (a === b) return a;
  const limit = Math.min(a.length, b.length);
  let start = 0;
  while (start < limit && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < limit - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  const prefix = trimPrefix(a.slice(0, start));
  const suffix = trimSuffix(a.slice(a.length - end));
  return `${prefix}${WILDCARD}${suffix}`.replace(RUN_OF_WILDCARDS, WILDCARD);
}

/**
 * Whether a template token with wildcards inside (`blk_<*>`, `(<*>)`) covers a concrete token, reading
 * each `<*>` as any text.
 */
export function fitsFrame(frame: string, token: string): boolean {
  const parts = frame.split(WILDCARD);
  if (parts.length === 1) return frame === token;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (token.length < first.length + last.length || !token.startsWith(first) || !token.endsWith(last)) return false;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = token.indexOf(part, at);
    if (found < 0 || found + part.length > token.length - last.length) return false;
    at = found + part.length;
  }
  return true;
}

/** Back to the last separator, and never inside a placeholder. */
function trimPrefix(prefix: string): string {
  const open = prefix.lastIndexOf('<');
  let cut = open > prefix.lastIndexOf('>') ? prefix.slice(0, open) : prefix;
  // An id's digits are values too: `attempt_1445_0020_m_` frames as `attempt_`.
  const digit = FIRST_DIGIT_RUN.exec(cut);
  if (digit !== null) cut = cut.slice(0, digit.index);
  const match = /^.*[^A-Za-z0-9]/.exec(cut);
  return match === null ? '' : match[0];
}

function trimSuffix(suffix: string): string {
  const close = suffix.indexOf('>');
  const open = suffix.indexOf('<');
  let cut = close >= 0 && (open === -1 || close < open) ? suffix.slice(close + 1) : suffix;
  const digit = LAST_DIGIT_RUN.exec(cut);
  if (digit !== null) cut = cut.slice(digit.index + digit[0].length);
  const match = /[^A-Za-z0-9].*$/.exec(cut);
  return match === null ? '' : match[0];
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
  /** A wildcard inside a longer token (`blk_<*>`): matched with `fitsFrame`. */
  readonly framed: boolean[];
}

export function isFramed(token: string): boolean {
  return token !== WILDCARD && token.includes(WILDCARD);
}

/**
 * Token facts with a memo: log tokens repeat heavily, and the regexes behind a token's facts are the
 * miner's main cost after masking. Bounded by clearing, so a stream of unique tokens cannot grow it.
 */
export class TokenDescriber {
  private readonly memo = new Map<string, { skeleton: string; wordiness: Wordiness; framed: boolean }>();

  constructor(private readonly capacity = 50_000) {}

  describe(tokens: readonly string[]): TokenFacts {
    const skeletons: string[] = new Array<string>(tokens.length);
    const wordiness: Wordiness[] = new Array<Wordiness>(tokens.length);
    const framed: boolean[] = new Array<boolean>(tokens.length);
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i]!;
      let facts = this.memo.get(token);
      if (facts === undefined) {
        const skeleton = skeletonOf(token);
        facts = { skeleton, wordiness: wordinessOf(token, skeleton), framed: isFramed(token) };
        if (this.memo.size >= this.capacity) this.memo.clear();
        this.memo.set(token, facts);
      }
      skeletons[i] = facts.skeleton;
      wordiness[i] = facts.wordiness;
      framed[i] = facts.framed;
    }
    return { skeletons, wordiness, framed };
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
