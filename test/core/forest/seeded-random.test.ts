import { mulberry32, randomInt } from '../../../shared/src/core/forest/seeded-random';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = mulberry32(2024);
    const b = mulberry32(2024);
    const c = mulberry32(2025);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('stays in [0, 1) and covers the range evenly enough for sampling', () => {
    const random = mulberry32(1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i += 1) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      const bucket = Math.floor(value * 10);
      buckets[bucket] = (buckets[bucket] as number) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('randomInt never reaches n, even from a source that returns 1', () => {
    expect(randomInt(() => 1, 7)).toBe(6);
    expect(randomInt(() => 0, 7)).toBe(0);
  });
});
