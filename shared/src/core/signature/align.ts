import { WILDCARD } from './tokens';

/** Index pairs of a longest common subsequence under `same`; classic O(n·m) table, n and m are small. */
export function alignTokens(n: number, m: number, same: (i: number, j: number) => boolean): Array<[number, number]> {
  const table = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      const here = i * (m + 1) + j;
      table[here] = same(i, j)
        ? table[(i + 1) * (m + 1) + j + 1]! + 1
        : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(i, j) && table[i * (m + 1) + j] === table[(i + 1) * (m + 1) + j + 1]! + 1) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) i += 1;
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
  const pairs = alignTokens(a.length, b.length, (i, j) => a[i] === b[j]);
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
