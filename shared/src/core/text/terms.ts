/**
 * Turns tokens into the terms a vectorizer counts: word n-grams joined by a space, and optionally
 * character n-grams inside each padded word, prefixed `c:` so they can never collide with a word term
 * (word tokens contain no colon).
 */
export type NgramRange = readonly [min: number, max: number];

export interface TermOptions {
  wordNgrams: NgramRange;
  charNgrams: NgramRange | null;
}

export const CHAR_PREFIX = 'c:';

export function extractTerms(tokens: readonly string[], options: TermOptions): string[] {
  const terms: string[] = [];
  const [wordMin, wordMax] = options.wordNgrams;
  for (let n = wordMin; n <= wordMax; n += 1) {
    for (let start = 0; start + n <= tokens.length; start += 1) {
      terms.push(n === 1 ? (tokens[start] as string) : tokens.slice(start, start + n).join(' '));
    }
  }
  if (options.charNgrams) {
    const [charMin, charMax] = options.charNgrams;
    for (const token of tokens) {
      const padded = ` ${token} `;
      for (let n = charMin; n <= charMax; n += 1) {
        for (let start = 0; start + n <= padded.length; start += 1) terms.push(CHAR_PREFIX + padded.slice(start, start + n));
      }
    }
  }
  return terms;
}

export function validateRange(name: string, range: NgramRange): void {
  const [min, max] = range;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new RangeError(`${name} must be integers with 1 <= min <= max, got [${min}, ${max}]`);
  }
}
