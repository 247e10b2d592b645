/**
 * Tokens of already-masked log text. Placeholders left by masking (`<*>`, `<NUM>`, `[REDACTED_EMAIL]`)
 * stay whole so that "a value was here" is a feature; everything else splits on non-word characters.
 * Lower-cased with a locale-free mapping so the same text gives the same tokens on every machine.
 */
const TOKEN = /<[^<>\s]{1,24}>|\[[A-Z][A-Z0-9_]{1,30}\]|[\p{L}\p{N}_]+/gu;

/** Numbers carry no class signal in logs (ids, counts, addresses) but their presence does, so they collapse to one token each shape. */
const HEX = /^0x[0-9a-f]+$/;
const DIGITS = /^\d+$/;

export interface TokenizeOptions {
  /** Tokens shorter than this are dropped after normalisation (placeholders always stay). Default 1. */
  minLength?: number;
  /** 'collapse' turns decimal and 0x-hex numbers into `<num>` / `<hex>`; 'keep' leaves them. Default 'collapse'. */
  numbers?: 'collapse' | 'keep';
}

export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const minLength = options.minLength ?? 1;
  const collapse = (options.numbers ?? 'collapse') === 'collapse';
  const tokens: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const first = raw.charCodeAt(0);
    if (first === 60 /* < */ || first === 91 /* [ */) {
      tokens.push(raw.toLowerCase());
      continue;
    }
    const lower = raw.toLowerCase();
    const token = collapse ? collapseNumber(lower) : lower;
    if (token.length >= minLength || token.charCodeAt(0) === 60) tokens.push(token);
  }
  return tokens;
}

function collapseNumber(word: string): string {
  if (DIGITS.test(word)) return '<num>';
  if (HEX.test(word)) return '<hex>';
  return word;
}
