import { averagePathLength, maxTreeDepth } from '../../../../shared/src/core/anomaly/isolation-forest';

const EULER_GAMMA = 0.5772156649015329;

describe('averagePathLength c(n)', () => {
  it('is 0 for zero or one point and 1 for two points', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
  });

  it('follows 2H(n-1) - 2(n-1)/n with H(i) = ln(i) + γ above two points', () => {
    for (const n of [3, 10, 100, 256, 10_000]) {
      expect(averagePathLength(n)).toBeCloseTo(2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n, 12);
    }
    // scikit-learn 1.2.1: _average_path_length([256]) and ([3]).
    expect(averagePathLength(256)).toBeCloseTo(10.244770920119917, 12);
    expect(averagePathLength(3)).toBeCloseTo(1.207392357589623, 12);
  });
});

describe('maxTreeDepth', () => {
  it('is ceil(log2(psi)), at least 1', () => {
    expect(maxTreeDepth(1)).toBe(1);
    expect(maxTreeDepth(2)).toBe(1);
    expect(maxTreeDepth(255)).toBe(8);
    expect(maxTreeDepth(256)).toBe(8);
    expect(maxTreeDepth(257)).toBe(9);
  });
});
