/**
 * Upper tail of the standard normal, Q(z) = P(Z > z), via the complementary error function
 * (Numerical Recipes' erfc Chebyshev fit, relative error < 1.2e-7 everywhere: enough for likelihoods
 * down to 1e-12 without a library).
 */
export function normalTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Maps a likelihood near 1 onto 0..1 on a log scale, as Numenta's anomaly likelihood does: 1 - 1e-5 is 0.5,
 * 1 - 1e-10 and above is 1. Distinguishes "rare" from "never seen" where the raw likelihood saturates.
 */
export function logScaledLikelihood(likelihood: number): number {
  const scaled = Math.log(1.0000000001 - likelihood) / LOG_OF_1E_MINUS_10;
  return scaled < 0 ? 0 : scaled > 1 ? 1 : scaled;
}

const LOG_OF_1E_MINUS_10 = Math.log(1.0000000001 - 0.9999999999);
