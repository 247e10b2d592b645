/** A sparse vector: strictly ascending indices with their non-zero values, as parallel typed arrays. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Builds a sorted sparse vector from an unordered index → value map, dropping zeros. */
export function sparseFromMap(entries: ReadonlyMap<number, number>): SparseVector {
  const keys = Int32Array.from(entries.keys()).sort();
  const values = new Float64Array(keys.length);
  let kept = 0;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as number;
    const value = entries.get(key) as number;
    if (value === 0) continue;
    keys[kept] = key;
    values[kept] = value;
    kept += 1;
  }
  return { indices: keys.slice(0, kept), values: values.slice(0, kept) };
}

/** Scales a vector to unit Euclidean length in place; the zero vector stays zero. */
export function l2NormaliseInPlace(values: Float64Array): void {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += (values[i] as number) * (values[i] as number);
  if (sum === 0) return;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < values.length; i += 1) values[i] = (values[i] as number) * scale;
}

/**
 * Appends dense features after a sparse block of width `offset`: structured fields (source one-hot,
 * error codes) join the text features in one vector the forest can split on. Zeros are left out.
 */
export function appendDense(vector: SparseVector, dense: ArrayLike<number>, offset: number): SparseVector {
  const last = vector.indices.length > 0 ? (vector.indices[vector.indices.length - 1] as number) : -1;
  if (last >= offset) throw new RangeError(`sparse index ${last} overlaps the dense block starting at ${offset}`);
  let nonZero = 0;
  for (let j = 0; j < dense.length; j += 1) if (dense[j] !== 0) nonZero += 1;
  const indices = new Int32Array(vector.indices.length + nonZero);
  const values = new Float64Array(indices.length);
  indices.set(vector.indices);
  values.set(vector.values);
  let at = vector.indices.length;
  for (let j = 0; j < dense.length; j += 1) {
    const value = dense[j] as number;
    if (value === 0) continue;
    if (!Number.isFinite(value)) throw new RangeError(`dense feature ${j} is not finite: ${value}`);
    indices[at] = offset + j;
    values[at] = value;
    at += 1;
  }
  return { indices, values };
}
