import { IsolationForestInputError } from './errors';

export type FeatureRow = readonly number[] | Float64Array;

/**
 * The missing-value rule: NaN means "not measured" (a run whose CPU was not reported), and is replaced
 * by that feature's median over the training rows that have it — a value that never looks unusual, so
 * a missing reading neither raises nor hides an anomaly. A feature with no value in any training row
 * gets 0. ±Infinity is not "missing" but a broken measurement and is refused, naming row and feature.
 */
export function trainingMedians(rows: readonly FeatureRow[], features: number): Float64Array {
  const n = rows.length;
  // Column-major copy of the present values, one validation pass over the rows.
  const columns = new Float64Array(n * features);
  const present = new Int32Array(features);
  rows.forEach((row, index) => {
    validateRow(row, index, features);
    for (let f = 0; f < features; f += 1) {
      const value = row[f] as number;
      if (value === value) columns[f * n + present[f]!++] = value;
    }
  });
  const medians = new Float64Array(features);
  for (let f = 0; f < features; f += 1) {
    const count = present[f] as number;
    if (count > 0) medians[f] = median(columns.subarray(f * n, f * n + count));
  }
  return medians;
}

/** Median by quickselect (average O(n), reorders `values`): sorting every column would dominate fitting. */
function median(values: Float64Array): number {
  const count = values.length;
  const upper = selectKth(values, count >> 1);
  if (count % 2 === 1) return upper;
  // After selection everything left of the middle is <= it; the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < count >> 1; i += 1) if ((values[i] as number) > lower) lower = values[i] as number;
  return (lower + upper) / 2;
}

/** Hoare's selection with a middle pivot: deterministic, and fine on the sorted or constant columns pipelines produce. */
function selectKth(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1;
      while ((values[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}

export function featureCountOf(rows: readonly FeatureRow[]): number {
  if (rows.length === 0) throw new IsolationForestInputError('an isolation forest needs at least one training row');
  const features = (rows[0] as FeatureRow).length;
  if (features === 0) throw new IsolationForestInputError('training rows have no features', 0);
  return features;
}

/** Refuses a row of the wrong width, a non-number or an infinity, naming where. */
export function validateRow(row: FeatureRow, rowIndex: number, features: number): void {
  if (row.length !== features) {
    throw new IsolationForestInputError(`row ${rowIndex} has ${row.length} features, the forest expects ${features}`, rowIndex);
  }
  for (let f = 0; f < features; f += 1) {
    const value: unknown = row[f];
    if (typeof value !== 'number') throw new IsolationForestInputError(`row ${rowIndex} feature ${f} is not a number`, rowIndex, f);
    if (value === Infinity || value === -Infinity) {
      throw new IsolationForestInputError(`row ${rowIndex} feature ${f} is ${value}; use NaN for a missing value`, rowIndex, f);
    }
  }
}

/** Copies one row into `target` at `offset` with missing values imputed. */
export function writeImputedRow(row: FeatureRow, rowIndex: number, medians: Float64Array, target: Float64Array, offset: number): void {
  const features = medians.length;
  validateRow(row, rowIndex, features);
  for (let f = 0; f < features; f += 1) {
    const value = row[f] as number;
    target[offset + f] = value === value ? value : (medians[f] as number);
  }
}
