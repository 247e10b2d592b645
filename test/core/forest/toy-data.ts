import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { sparseMatrixFromRows, type SparseMatrix, type SparseRow } from '../../../shared/src/core/forest/sparse-matrix';

/** Dense rows → sparse rows (zeros dropped), the form the forest trains on. */
export function sparse(row: readonly number[]): SparseRow {
  const indices: number[] = [];
  const values: number[] = [];
  row.forEach((value, index) => {
    if (value !== 0) {
      indices.push(index);
      values.push(value);
    }
  });
  return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

export function matrix(rows: readonly (readonly number[])[]): SparseMatrix {
  return sparseMatrixFromRows(rows.map(sparse), rows[0]?.length ?? 0);
}

/**
 * Class 1 iff f0 > 0.5 AND f1 > 0.5, plus `noise` uninformative features: needs two different
 * features on one path, so a tree restricted to a single feature cannot learn it.
 */
export function andProblem(n: number, noise: number, seed: number): { rows: number[][]; y: number[] } {
  const random = mulberry32(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const row = [random() < 0.5 ? 0 : 1, random() < 0.5 ? 0 : 1, ...Array.from({ length: noise }, () => (random() < 0.3 ? random() : 0))];
    rows.push(row);
    y.push(row[0] === 1 && row[1] === 1 ? 1 : 0);
  }
  return { rows, y };
}
