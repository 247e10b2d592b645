import { WILDCARD } from './tokens';

/**
 * Index pairs of a heaviest common subsequence: `weight(i, j)` is 0 where tokens may not pair, and
 * larger for better pairs, so among alignments of equal length the one pairing like with like wins.
 * Classic O(n·m) table; callers keep n·m small.
 */
export function alignTokens(n: number, m: number, weight: (i: number, j: number) => number): Array<[number, number]> {
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  const weights = new Uint8Array(n * m);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      const w = weight(i, j);
      weights[i * m + j] = w;
      const skip = Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
      table[i * width + j] = w > 0 ? Math.max(skip, table[(i + 1) * width + j + 1]! + w) : skip;
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const w = weights[i * m + j]!;
    if (w > 0 && table[i * width + j] === table[(i + 1) * width + j + 1]! + w) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) i += 1;
    else j += 1;
  }
  return pairs;
}

/**
 * Merges two token sequences of different lengths: equal tokens are aligned and stay, and whatever
 * lies between them on either side becomes one wildcard, so an optional field reads as a single `<*>`.
 * Wildcards align only with wildcards here; letting them match anything would pull words out of place.
 */
export function mergeAligned(a: readonly string[], b: readonly string[]): string[] {
  const pairs = alignTokens(a.length, b.length, (i, j) => (a[i] === b[j] ? 1 : 0));
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    if ((pi > i || pj > j) && merged[merged.length - 1] !== WILDCARD) merged.push(WILDCARD);
    if (pi < a.length && pj < b.length) merged.push(a[pi]!);
    i = pi + 1;
    j = pj + 1;
  }
  return merged;
}
