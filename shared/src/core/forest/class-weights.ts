/**
 * 'balanced' gives each class the same total weight (n / (classes present × class count)), as in
 * scikit-learn, so a rare alert is not outvoted by thousands of normal lines; 'balanced_subsample'
 * recomputes that from each tree's bootstrap sample.
 */
export type ClassWeightOption = 'none' | 'balanced' | 'balanced_subsample' | readonly number[];

export function balancedWeights(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  let present = 0;
  for (let c = 0; c < counts.length; c += 1) {
    total += counts[c] as number;
    if ((counts[c] as number) > 0) present += 1;
  }
  const weights = new Float64Array(counts.length);
  for (let c = 0; c < counts.length; c += 1) {
    const count = counts[c] as number;
    weights[c] = count > 0 ? total / (present * count) : 0;
  }
  return weights;
}

export function classCounts(y: ArrayLike<number>, nClasses: number, multiplicity?: ArrayLike<number>): Float64Array {
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i += 1) counts[y[i] as number] = (counts[y[i] as number] as number) + (multiplicity ? (multiplicity[i] as number) : 1);
  return counts;
}

/** Fixed per-class weights for the whole forest, or null when they depend on each bootstrap sample. */
export function fixedClassWeights(option: ClassWeightOption, y: ArrayLike<number>, nClasses: number): Float64Array | null {
  if (option === 'balanced_subsample') return null;
  if (option === 'none') return new Float64Array(nClasses).fill(1);
  if (option === 'balanced') return balancedWeights(classCounts(y, nClasses));
  if (option.length !== nClasses) throw new RangeError(`classWeight has ${option.length} entries for ${nClasses} classes`);
  for (const weight of option) if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`class weights must be finite and >= 0, got ${weight}`);
  return Float64Array.from(option);
}
