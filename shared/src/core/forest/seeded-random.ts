import type { RandomSource } from '../ports/random';

/**
 * mulberry32: a tiny 32-bit PRNG, good enough for bootstrap draws and feature sampling, and fully
 * determined by its seed so a trained model is reproducible bit for bit. Not for anything secret.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n); the clamp guards a source that returns exactly 1 by mistake. */
export function randomInt(random: RandomSource, n: number): number {
  const value = Math.floor(random() * n);
  return value < n ? value : n - 1;
}
