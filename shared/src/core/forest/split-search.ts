/**
 * Best gini threshold for one sparse feature at one node. Only the feature's non-zeros in the node are
 * sorted; the node's zeros are one block whose class weights are the node totals minus the non-zeros',
 * so the cost is O(k log k) in the feature's non-zeros, not in the node size.
 *
 * Gini is maximised through its proxy Σ_c L_c² / W_L + Σ_c R_c² / W_R (the weighted impurity decrease
 * plus a node constant). Σ R_c² is kept as ΣT² − 2 Σ T_c L_c + Σ L_c², so moving one sample left is O(1).
 */
export interface NodeTotals {
  /** Weighted class totals of the node. */
  readonly totals: Float64Array;
  readonly weight: number;
  /** Distinct training rows in the node (bootstrap duplicates count once), the unit of min samples leaf. */
  readonly count: number;
  /** Σ_c totals[c]². */
  readonly sumSquares: number;
}

export interface SplitScratch {
  readonly left: Float64Array;
  readonly nonZero: Float64Array;
  order: Int32Array;
}

export interface FeatureSplit {
  /** Gini proxy of the best split, -Infinity when the feature cannot split the node. */
  score: number;
  threshold: number;
}

export function createSplitScratch(nClasses: number, capacity: number): SplitScratch {
  return { left: new Float64Array(nClasses), nonZero: new Float64Array(nClasses), order: new Int32Array(Math.max(16, capacity)) };
}

export function bestThreshold(
  rows: Int32Array,
  values: Float64Array,
  start: number,
  k: number,
  node: NodeTotals,
  y: Int32Array,
  sampleWeight: Float64Array,
  sampleCount: Int32Array,
  minLeaf: number,
  scratch: SplitScratch,
  out: FeatureSplit,
): void {
  out.score = -Infinity;
  out.threshold = 0;
  const { totals } = node;
  const nClasses = totals.length;
  // Class weights of the node's zeros = node totals minus the non-zeros'; kept in `zeros`.
  const zeros = scratch.nonZero;
  zeros.fill(0);
  let nonZeroCount = 0;
  for (let i = 0; i < k; i += 1) {
    const row = rows[start + i] as number;
    const c = y[row] as number;
    zeros[c] = (zeros[c] as number) + (sampleWeight[row] as number);
    nonZeroCount += sampleCount[row] as number;
  }
  const zeroCount = node.count - nonZeroCount;
  const order = sortedPositions(values, start, k, scratch);
  if (zeroCount === 0 && values[start + (order[0] as number)] === values[start + (order[k - 1] as number)]) return;
  for (let c = 0; c < nClasses; c += 1) zeros[c] = zeroCount === 0 ? 0 : Math.max(0, (totals[c] as number) - (zeros[c] as number));

  const left = scratch.left;
  left.fill(0);
  let leftWeight = 0;
  let leftCount = 0;
  let leftSquares = 0;
  let cross = 0;
  let zeroPending = zeroCount > 0;

  let next = 0;
  for (;;) {
    let current: number;
    if (zeroPending && (next >= k || (values[start + (order[next] as number)] as number) > 0)) {
      for (let c = 0; c < nClasses; c += 1) {
        const w = zeros[c] as number;
        if (w === 0) continue;
        const l = left[c] as number;
        leftSquares += 2 * w * l + w * w;
        cross += (totals[c] as number) * w;
        left[c] = l + w;
        leftWeight += w;
      }
      leftCount += zeroCount;
      zeroPending = false;
      current = 0;
    } else {
      const position = start + (order[next] as number);
      const row = rows[position] as number;
      const c = y[row] as number;
      const w = sampleWeight[row] as number;
      const l = left[c] as number;
      leftSquares += 2 * w * l + w * w;
      cross += (totals[c] as number) * w;
      left[c] = l + w;
      leftWeight += w;
      leftCount += sampleCount[row] as number;
      next += 1;
      current = values[position] as number;
    }

    let upcoming: number;
    if (zeroPending && (next >= k || (values[start + (order[next] as number)] as number) > 0)) upcoming = 0;
    else if (next < k) upcoming = values[start + (order[next] as number)] as number;
    else break;
    if (upcoming <= current) continue;

    const rightCount = node.count - leftCount;
    if (leftCount < minLeaf) continue;
    if (rightCount < minLeaf) break;
    const rightWeight = node.weight - leftWeight;
    if (leftWeight <= 0 || rightWeight <= 0) continue;
    const rightSquares = node.sumSquares - 2 * cross + leftSquares;
    const score = leftSquares / leftWeight + rightSquares / rightWeight;
    if (score > out.score) {
      out.score = score;
      const middle = current + (upcoming - current) / 2;
      // Rounding can land the midpoint on `upcoming`, which would send it left; fall back to `current`.
      out.threshold = middle < upcoming ? middle : current;
    }
  }
}

/** Positions 0..k-1 ordered by value; insertion sort for the short lists most sparse features have. */
function sortedPositions(values: Float64Array, start: number, k: number, scratch: SplitScratch): Int32Array {
  if (scratch.order.length < k) scratch.order = new Int32Array(k * 2);
  const order = scratch.order;
  for (let i = 0; i < k; i += 1) order[i] = i;
  if (k <= 24) {
    for (let i = 1; i < k; i += 1) {
      const item = order[i] as number;
      const value = values[start + item] as number;
      let j = i - 1;
      while (j >= 0 && (values[start + (order[j] as number)] as number) > value) {
        order[j + 1] = order[j] as number;
        j -= 1;
      }
      order[j + 1] = item;
    }
    return order;
  }
  order.subarray(0, k).sort((a, b) => (values[start + a] as number) - (values[start + b] as number));
  return order;
}
