/** Euler–Mascheroni constant: H(i) ≈ ln(i) + γ, the approximation Liu et al. and scikit-learn use. */
const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points
 * (Liu et al. 2008, eq. 1). It normalises scores and stands in for the subtree a depth-limited leaf
 * of n training points was never grown into. Same cases as scikit-learn's `_average_path_length`.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** ceil(log2(psi)): beyond this depth a point is no longer "easy to isolate", so the tree stops there. */
export function maxTreeDepth(sampleSize: number): number {
  return Math.ceil(Math.log2(Math.max(sampleSize, 2)));
}
