import type { RandomSource } from '../../ports/random';
import { binMatrix, quantileEdges } from './bins';
import { GbdtModel, type TreeJson } from './gbdt-model';

export interface GbdtOptions {
  trees: number;
  maxDepth: number;
  learningRate: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  l2: number;
  /** Smallest summed hessian a child may have. */
  minChildWeight: number;
  /** Share of rows each tree sees (stochastic gradient boosting). */
  subsample: number;
  maxBins: number;
}

export const DEFAULT_GBDT_OPTIONS: GbdtOptions = {
  trees: 40,
  maxDepth: 5,
  learningRate: 0.15,
  l2: 1,
  minChildWeight: 2,
  subsample: 0.5,
  maxBins: 32,
};

export interface TrainingSet {
  /** Row-major features, rows × cols, NaN for missing. */
  x: Float32Array;
  rows: number;
  cols: number;
  /** 1 = failed, 0 = succeeded. */
  y: Uint8Array;
  /** Example weights (e.g. the inverse of a negative subsampling rate). */
  weight: Float32Array;
}

interface Node {
  start: number;
  end: number;
  gradient: number;
  hessian: number;
  histogram: Float64Array;
  depth: number;
  index: number;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Gradient boosting with logistic loss and histogram splits (second-order, XGBoost-style gains),
 * grown depth-first per tree with the larger child's histogram taken as parent minus the smaller's.
 * Deterministic: all randomness comes from the injected seeded source.
 */
export function trainGbdt(data: TrainingSet, options: GbdtOptions, random: RandomSource): GbdtModel {
  const { rows, cols } = data;
  const bins = options.maxBins;
  const edges = quantileEdges(data.x, rows, cols, bins, random);
  const codes = binMatrix(data.x, rows, cols, edges);
  let positive = 0;
  let total = 0;
  for (let r = 0; r < rows; r += 1) {
    total += data.weight[r] as number;
    if (data.y[r] === 1) positive += data.weight[r] as number;
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, total > 0 ? positive / total : 0.5));
  const baseScore = Math.log(prior / (1 - prior));
  const margin = new Float64Array(rows).fill(baseScore);
  const gradient = new Float64Array(rows);
  const hessian = new Float64Array(rows);
  const order = new Int32Array(rows);
  const trees: TreeJson[] = [];
  const stride = cols * bins;

  const buildHistogram = (start: number, end: number): Float64Array => {
    const histogram = new Float64Array(stride * 2);
    for (let i = start; i < end; i += 1) {
      const r = order[i] as number;
      const g = gradient[r] as number;
      const h = hessian[r] as number;
      const base = r * cols;
      for (let f = 0; f < cols; f += 1) {
        const slot = (f * bins + (codes[base + f] as number)) * 2;
        histogram[slot] = (histogram[slot] as number) + g;
        histogram[slot + 1] = (histogram[slot + 1] as number) + h;
      }
    }
    return histogram;
  };

  for (let t = 0; t < options.trees; t += 1) {
    let sampled = 0;
    for (let r = 0; r < rows; r += 1) {
      const p = sigmoid(margin[r] as number);
      const w = data.weight[r] as number;
      gradient[r] = (p - (data.y[r] as number)) * w;
      hessian[r] = Math.max(p * (1 - p), 1e-12) * w;
      if (options.subsample >= 1 || random() < options.subsample) order[sampled++] = r;
    }
    const tree: TreeJson = { feature: [], threshold: [], left: [], right: [], value: [] };
    const splitBin: number[] = [];
    const leafValue = (g: number, h: number): number => (-g / (h + options.l2)) * options.learningRate;
    const addNode = (g: number, h: number): number => {
      tree.feature.push(-1);
      tree.threshold.push(null);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(leafValue(g, h));
      splitBin.push(-1);
      return tree.value.length - 1;
    };
    let rootG = 0;
    let rootH = 0;
    for (let i = 0; i < sampled; i += 1) {
      rootG += gradient[order[i] as number] as number;
      rootH += hessian[order[i] as number] as number;
    }
    const stack: Node[] = [{ start: 0, end: sampled, gradient: rootG, hessian: rootH, histogram: buildHistogram(0, sampled), depth: 0, index: addNode(rootG, rootH) }];
    while (stack.length > 0) {
      const node = stack.pop() as Node;
      if (node.depth >= options.maxDepth || node.hessian < 2 * options.minChildWeight) continue;
      const parentScore = (node.gradient * node.gradient) / (node.hessian + options.l2);
      let bestGain = 1e-9;
      let bestFeature = -1;
      let bestBin = -1;
      let bestLeftG = 0;
      let bestLeftH = 0;
      const histogram = node.histogram;
      for (let f = 0; f < cols; f += 1) {
        let leftG = 0;
        let leftH = 0;
        const offset = f * bins * 2;
        for (let b = 0; b < bins - 1; b += 1) {
          leftG += histogram[offset + b * 2] as number;
          leftH += histogram[offset + b * 2 + 1] as number;
          if (leftH < options.minChildWeight) continue;
          const rightH = node.hessian - leftH;
          if (rightH < options.minChildWeight) break;
          const rightG = node.gradient - leftG;
          const gain = (leftG * leftG) / (leftH + options.l2) + (rightG * rightG) / (rightH + options.l2) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = f;
            bestBin = b;
            bestLeftG = leftG;
            bestLeftH = leftH;
          }
        }
      }
      if (bestFeature < 0) continue;
      // Partition the node's rows in place: left = bin <= bestBin.
      let split = node.start;
      for (let i = node.start; i < node.end; i += 1) {
        const r = order[i] as number;
        if ((codes[r * cols + bestFeature] as number) <= bestBin) {
          order[i] = order[split] as number;
          order[split] = r;
          split += 1;
        }
      }
      const cuts = edges[bestFeature] as Float64Array;
      tree.feature[node.index] = bestFeature;
      tree.threshold[node.index] = bestBin === 0 ? null : (cuts[bestBin - 1] as number);
      splitBin[node.index] = bestBin;
      const rightG = node.gradient - bestLeftG;
      const rightH = node.hessian - bestLeftH;
      const leftIndex = addNode(bestLeftG, bestLeftH);
      const rightIndex = addNode(rightG, rightH);
      tree.left[node.index] = leftIndex;
      tree.right[node.index] = rightIndex;
      const leftSmaller = split - node.start <= node.end - split;
      const small = leftSmaller ? buildHistogram(node.start, split) : buildHistogram(split, node.end);
      const large = new Float64Array(histogram.length);
      for (let k = 0; k < large.length; k += 1) large[k] = (histogram[k] as number) - (small[k] as number);
      const leftHistogram = leftSmaller ? small : large;
      const rightHistogram = leftSmaller ? large : small;
      stack.push({ start: node.start, end: split, gradient: bestLeftG, hessian: bestLeftH, histogram: leftHistogram, depth: node.depth + 1, index: leftIndex });
      stack.push({ start: split, end: node.end, gradient: rightG, hessian: rightH, histogram: rightHistogram, depth: node.depth + 1, index: rightIndex });
    }
    // Every row (sampled or not) moves by its leaf's value; routing on bin codes matches the thresholds.
    for (let r = 0; r < rows; r += 1) {
      let node = 0;
      while ((tree.feature[node] as number) >= 0) {
        const code = codes[r * cols + (tree.feature[node] as number)] as number;
        node = code <= (splitBin[node] as number) ? (tree.left[node] as number) : (tree.right[node] as number);
      }
      margin[r] = (margin[r] as number) + (tree.value[node] as number);
    }
    trees.push(tree);
  }
  return new GbdtModel({ baseScore, featureCount: cols, trees });
}
