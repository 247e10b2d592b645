/** One sparse row as the vectorizer produces it: ascending indices and their values. */
export interface SparseRow {
  readonly indices: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Compressed sparse rows: row r's entries are indices/values[indptr[r] .. indptr[r + 1]). */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export function sparseMatrixFromRows(rows: readonly SparseRow[], cols: number): SparseMatrix {
  let nnz = 0;
  for (const row of rows) nnz += row.indices.length;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  rows.forEach((row, r) => {
    if (row.indices.length !== row.values.length) throw new RangeError(`row ${r}: ${row.indices.length} indices but ${row.values.length} values`);
    let previous = -1;
    for (let i = 0; i < row.indices.length; i += 1) {
      const index = row.indices[i] as number;
      const value = row.values[i] as number;
      if (!Number.isInteger(index) || index <= previous || index >= cols) {
        throw new RangeError(`row ${r}: index ${index} at position ${i} is not ascending within [0, ${cols})`);
      }
      if (!Number.isFinite(value)) throw new RangeError(`row ${r}: value at index ${index} is not finite`);
      previous = index;
      indices[at] = index;
      values[at] = value;
      at += 1;
    }
    indptr[r + 1] = at;
  });
  return { rows: rows.length, cols, indptr, indices, values };
}

/** The rows at `which`, in that order: the training or test part of a fold without copying vectors twice. */
export function selectRows(matrix: SparseMatrix, which: ArrayLike<number>): SparseMatrix {
  const indptr = new Int32Array(which.length + 1);
  for (let i = 0; i < which.length; i += 1) {
    const r = which[i] as number;
    indptr[i + 1] = (indptr[i] as number) + ((matrix.indptr[r + 1] as number) - (matrix.indptr[r] as number));
  }
  const nnz = indptr[which.length] as number;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < which.length; i += 1) {
    const r = which[i] as number;
    const from = matrix.indptr[r] as number;
    const to = matrix.indptr[r + 1] as number;
    indices.set(matrix.indices.subarray(from, to), indptr[i] as number);
    values.set(matrix.values.subarray(from, to), indptr[i] as number);
  }
  return { rows: which.length, cols: matrix.cols, indptr, indices, values };
}

/** Row r as a view (no copy), for predicting one row of a matrix. */
export function rowOf(matrix: SparseMatrix, r: number): SparseRow {
  const from = matrix.indptr[r] as number;
  const to = matrix.indptr[r + 1] as number;
  return { indices: matrix.indices.subarray(from, to), values: matrix.values.subarray(from, to) };
}
