import { averagePathLength } from './average-path-length';
import { IsolationForestModelError } from './errors';

export const ISOLATION_FOREST_JSON_VERSION = 1;

/** Plain JSON of a fitted forest, so a per-pipeline model can be stored and reloaded to score identically. */
export interface IsolationForestJson {
  kind: 'isolation-forest';
  version: typeof ISOLATION_FOREST_JSON_VERSION;
  features: number;
  sampleSize: number;
  seed: number;
  /** Training medians: the values a missing (NaN) feature is scored as. */
  medians: number[];
  /** Index of each tree's root in the node arrays. */
  roots: number[];
  /** Per node: split feature, or -1 for a leaf. Nodes are in pre-order, so a left child is always node + 1. */
  feature: number[];
  threshold: number[];
  /** Per node: index of the right child (values above the threshold), -1 for a leaf. */
  right: number[];
  /** Per node: training points of the tree's subsample that reached it. */
  size: number[];
}

/** The fitted arrays, flat across all trees; what fit builds and fromJSON restores. */
export interface ForestArrays {
  features: number;
  sampleSize: number;
  seed: number;
  medians: Float64Array;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  right: Int32Array;
  size: Int32Array;
}

export class IsolationForestModel {
  readonly features: number;
  readonly sampleSize: number;
  readonly seed: number;
  readonly medians: Float64Array;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly right: Int32Array;
  readonly size: Int32Array;
  /** Per leaf: depth + c(size), the path length a point ending there is credited (0 for internal nodes). */
  readonly leafPathLength: Float64Array;
  /** c(psi): the expected path length that maps to a score of 0.5. */
  readonly normaliser: number;

  constructor(arrays: ForestArrays) {
    this.features = arrays.features;
    this.sampleSize = arrays.sampleSize;
    this.seed = arrays.seed;
    this.medians = arrays.medians;
    this.roots = arrays.roots;
    this.feature = arrays.feature;
    this.threshold = arrays.threshold;
    this.right = arrays.right;
    this.size = arrays.size;
    this.leafPathLength = leafPathLengths(arrays);
    this.normaliser = averagePathLength(arrays.sampleSize);
  }

  get trees(): number {
    return this.roots.length;
  }

  toJSON(): IsolationForestJson {
    return {
      kind: 'isolation-forest',
      version: ISOLATION_FOREST_JSON_VERSION,
      features: this.features,
      sampleSize: this.sampleSize,
      seed: this.seed,
      medians: Array.from(this.medians),
      roots: Array.from(this.roots),
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold),
      right: Array.from(this.right),
      size: Array.from(this.size),
    };
  }

  static fromJSON(json: unknown): IsolationForestModel {
    return new IsolationForestModel(parseForestJson(json));
  }
}

/** Walks every tree once; also proves the stored structure is a forest (every index in range, no cycles). */
function leafPathLengths(arrays: ForestArrays): Float64Array {
  const nodes = arrays.feature.length;
  const lengths = new Float64Array(nodes);
  const visited = new Uint8Array(nodes);
  const stack: number[] = [];
  for (const root of arrays.roots) {
    stack.push(root, 0);
    while (stack.length > 0) {
      const depth = stack.pop() as number;
      const node = stack.pop() as number;
      if (!(node >= 0 && node < nodes) || visited[node] === 1) throw new IsolationForestModelError(`node ${node} is out of range or reached twice`);
      visited[node] = 1;
      const feature = arrays.feature[node] as number;
      if (feature < 0) {
        lengths[node] = depth + averagePathLength(arrays.size[node] as number);
        continue;
      }
      if (feature >= arrays.features) throw new IsolationForestModelError(`node ${node} splits on feature ${feature} of ${arrays.features}`);
      stack.push(node + 1, depth + 1, arrays.right[node] as number, depth + 1);
    }
  }
  return lengths;
}

function parseForestJson(json: unknown): ForestArrays {
  if (typeof json !== 'object' || json === null) throw new IsolationForestModelError('an isolation forest model must be a JSON object');
  const value = json as Partial<Record<keyof IsolationForestJson, unknown>>;
  if (value.kind !== 'isolation-forest') throw new IsolationForestModelError(`kind ${JSON.stringify(value.kind)} is not "isolation-forest"`);
  if (value.version !== ISOLATION_FOREST_JSON_VERSION) {
    throw new IsolationForestModelError(`version ${JSON.stringify(value.version)} is not supported (expected ${ISOLATION_FOREST_JSON_VERSION})`);
  }
  const features = positiveInteger(value.features, 'features');
  const sampleSize = positiveInteger(value.sampleSize, 'sampleSize');
  if (typeof value.seed !== 'number' || !Number.isFinite(value.seed)) throw new IsolationForestModelError('seed must be a finite number');
  const medians = numbers(value.medians, 'medians');
  if (medians.length !== features) throw new IsolationForestModelError(`medians has ${medians.length} entries for ${features} features`);
  const feature = numbers(value.feature, 'feature');
  const threshold = numbers(value.threshold, 'threshold');
  const right = numbers(value.right, 'right');
  const size = numbers(value.size, 'size');
  if (threshold.length !== feature.length || right.length !== feature.length || size.length !== feature.length) {
    throw new IsolationForestModelError('feature, threshold, right and size must have one entry per node');
  }
  return {
    features,
    sampleSize,
    seed: value.seed,
    medians: Float64Array.from(medians),
    roots: Int32Array.from(numbers(value.roots, 'roots')),
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    right: Int32Array.from(right),
    size: Int32Array.from(size),
  };
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new IsolationForestModelError(`${name} must be a positive integer`);
  return value;
}

function numbers(value: unknown, name: string): number[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
    throw new IsolationForestModelError(`${name} must be an array of finite numbers`);
  }
  return value as number[];
}
