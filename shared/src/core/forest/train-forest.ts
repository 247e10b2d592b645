import type { RandomSource } from '../ports/random';
import { balancedWeights, classCounts, fixedClassWeights, type ClassWeightOption } from './class-weights';
import { Forest } from './forest';
import { groupIdenticalRows } from './identical-rows';
import { randomInt } from './seeded-random';
import type { SparseMatrix } from './sparse-matrix';
import { Tree } from './tree';
import { TreeBuilder } from './tree-builder';

export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export interface ForestOptions {
  nTrees: number;
  /** Default Infinity (grow until pure or too small). */
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /**
   * Features tried at each split, drawn afresh per split from those non-zero in the node: 'sqrt' or
   * 'log2' of that count, 'all', a fraction in (0, 1), or an integer count.
   */
  maxFeatures: MaxFeatures;
  classWeight: ClassWeightOption;
  bootstrap: boolean;
  /** Number of classes; default max(y) + 1. Give it when a training fold may lack the last class. */
  nClasses?: number;
}

export const DEFAULT_FOREST_OPTIONS: Readonly<ForestOptions> = Object.freeze({
  nTrees: 100,
  maxDepth: Infinity,
  minSamplesLeaf: 1,
  minSamplesSplit: 2,
  maxFeatures: 'sqrt' as const,
  classWeight: 'none' as const,
  bootstrap: true,
});

/** Trains a random forest of CART trees on sparse rows. All randomness comes from `random`, so a seeded source gives the same forest every time. */
export function trainForest(x: SparseMatrix, y: readonly number[], overrides: Partial<ForestOptions>, random: RandomSource): Forest {
  const options: ForestOptions = { ...DEFAULT_FOREST_OPTIONS, ...overrides };
  validate(options, x, y);
  const nClasses = options.nClasses ?? y.reduce((max, label) => Math.max(max, label), 0) + 1;
  const labels = Int32Array.from(y);
  const fixed = fixedClassWeights(options.classWeight, labels, nClasses);
  const groups = groupIdenticalRows(x, labels);
  const builder = new TreeBuilder(groups.matrix, groups.labels, nClasses, {
    maxDepth: options.maxDepth,
    minSamplesLeaf: options.minSamplesLeaf,
    minSamplesSplit: options.minSamplesSplit,
    featuresPerSplit: featuresPerSplit(options.maxFeatures),
  });

  const multiplicity = new Float64Array(x.rows);
  const groupDraws = new Float64Array(groups.matrix.rows);
  const groupRows = new Int32Array(groups.matrix.rows);
  const trees: Tree[] = [];
  for (let t = 0; t < options.nTrees; t += 1) {
    if (options.bootstrap) {
      multiplicity.fill(0);
      for (let draw = 0; draw < x.rows; draw += 1) {
        const row = randomInt(random, x.rows);
        multiplicity[row] = (multiplicity[row] as number) + 1;
      }
    } else {
      multiplicity.fill(1);
    }
    const weights = fixed ?? balancedWeights(classCounts(labels, nClasses, multiplicity));
    groupDraws.fill(0);
    groupRows.fill(0);
    for (let r = 0; r < x.rows; r += 1) {
      const draws = multiplicity[r] as number;
      if (draws === 0) continue;
      const group = groups.groupOf[r] as number;
      groupDraws[group] = (groupDraws[group] as number) + draws;
      groupRows[group] = (groupRows[group] as number) + 1;
    }
    // groupDraws becomes the group's training weight in place: draws × its class's weight.
    for (let g = 0; g < groupDraws.length; g += 1) groupDraws[g] = (groupDraws[g] as number) * (weights[groups.labels[g] as number] as number);
    trees.push(Tree.fromArrays(builder.grow(groupDraws, groupRows, random), nClasses, x.cols));
  }
  return new Forest(nClasses, x.cols, trees);
}

function featuresPerSplit(option: MaxFeatures): (active: number) => number {
  if (option === 'sqrt') return (active) => Math.floor(Math.sqrt(active));
  if (option === 'log2') return (active) => Math.floor(Math.log2(active));
  if (option === 'all') return (active) => active;
  if (option > 0 && option < 1) return (active) => Math.floor(option * active);
  return () => option;
}

function validate(options: ForestOptions, x: SparseMatrix, y: readonly number[]): void {
  if (y.length !== x.rows) throw new RangeError(`y has ${y.length} labels for ${x.rows} rows`);
  if (x.rows === 0) throw new RangeError('cannot train a forest on zero rows');
  if (!Number.isInteger(options.nTrees) || options.nTrees < 1) throw new RangeError(`nTrees must be a positive integer, got ${options.nTrees}`);
  if (!(options.maxDepth >= 1)) throw new RangeError(`maxDepth must be >= 1, got ${options.maxDepth}`);
  if (!Number.isInteger(options.minSamplesLeaf) || options.minSamplesLeaf < 1) throw new RangeError(`minSamplesLeaf must be an integer >= 1, got ${options.minSamplesLeaf}`);
  if (!Number.isInteger(options.minSamplesSplit) || options.minSamplesSplit < 2) throw new RangeError(`minSamplesSplit must be an integer >= 2, got ${options.minSamplesSplit}`);
  const m = options.maxFeatures;
  if (typeof m === 'number' && !(m > 0 && (m < 1 || Number.isInteger(m)))) throw new RangeError(`maxFeatures must be a fraction in (0, 1) or a positive integer, got ${m}`);
  const nClasses = options.nClasses;
  if (nClasses !== undefined && (!Number.isInteger(nClasses) || nClasses < 1)) throw new RangeError(`nClasses must be a positive integer, got ${nClasses}`);
  for (let i = 0; i < y.length; i += 1) {
    const label = y[i] as number;
    if (!Number.isInteger(label) || label < 0 || (nClasses !== undefined && label >= nClasses)) throw new RangeError(`label ${label} at row ${i} is not a class index`);
  }
}
