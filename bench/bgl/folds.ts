import type { RandomSource } from '../../shared/src/core/ports/random';
import { randomInt } from '../../shared/src/core/forest/seeded-random';

/**
 * Stratified k-fold assignment: each class's rows are shuffled and dealt round-robin, continuing the
 * deal where the previous class stopped so small classes do not all land in fold 0.
 */
export function stratifiedFolds(labels: readonly string[], k: number, random: RandomSource): Int32Array {
  const byClass = new Map<string, number[]>();
  labels.forEach((label, row) => {
    const rows = byClass.get(label);
    if (rows) rows.push(row);
    else byClass.set(label, [row]);
  });
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const label of [...byClass.keys()].sort()) {
    const rows = byClass.get(label) as number[];
    for (let i = rows.length - 1; i > 0; i -= 1) {
      const j = randomInt(random, i + 1);
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    for (const row of rows) {
      fold[row] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

export function foldRows(fold: Int32Array, which: number, test: boolean): number[] {
  const rows: number[] = [];
  for (let r = 0; r < fold.length; r += 1) if ((fold[r] === which) === test) rows.push(r);
  return rows;
}
