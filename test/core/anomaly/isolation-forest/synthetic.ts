import { mulberry32 } from '../../../../shared/src/core/forest/seeded-random';

/** Standard-normal rows (Box–Muller on the core's seeded PRNG), so every test sees the same data. */
export function gaussianRows(count: number, features: number, seed: number): number[][] {
  const random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => Array.from({ length: features }, normal));
}
