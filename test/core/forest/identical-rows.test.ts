import { groupIdenticalRows } from '../../../shared/src/core/forest/identical-rows';
import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { rowOf } from '../../../shared/src/core/forest/sparse-matrix';
import { trainForest } from '../../../shared/src/core/forest/train-forest';
import { matrix, sparse } from './toy-data';

describe('groupIdenticalRows', () => {
  it('merges rows equal in features and label, and keeps same features with another label apart', () => {
    const x = matrix([
      [1, 0, 0.5],
      [0, 2, 0],
      [1, 0, 0.5],
      [1, 0, 0.5],
      [1, 0, 0.25],
    ]);
    const groups = groupIdenticalRows(x, Int32Array.from([0, 1, 0, 1, 0]));
    expect(Array.from(groups.groupOf)).toEqual([0, 1, 0, 2, 3]);
    expect(Array.from(groups.labels)).toEqual([0, 1, 1, 0]);
    expect(groups.matrix.rows).toBe(4);
    expect(rowOf(groups.matrix, 2)).toEqual(rowOf(x, 3));
  });

  it('does not change what the forest learns: duplicates act as weight', () => {
    // With bootstrap off every row is used once; three copies of a row must weigh like three rows.
    const rows = [[1, 0], [1, 0], [1, 0], [0, 1], [1, 1]];
    const labels = [0, 0, 0, 1, 1];
    const forest = trainForest(matrix(rows), labels, { nTrees: 1, bootstrap: false, maxFeatures: 'all' }, mulberry32(1));
    expect(forest.trees[0]!.weight[0]).toBe(5);
    expect(Array.from(forest.predictProba(sparse([1, 0])))).toEqual([1, 0]);
  });
});
