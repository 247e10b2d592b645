import type { StreamingPoint } from '../../../../shared/src/core/anomaly/streaming';
import { mulberry32 } from '../../../../shared/src/core/forest/seeded-random';

export const FIVE_MINUTES = 5 * 60_000;
export const START_MS = Date.UTC(2024, 0, 1);

/** Gaussian noise from the core's seeded PRNG (Box-Muller), so fixtures are identical on every run. */
export function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Five-minute points from `START_MS`, value = f(index, hour of day UTC). */
export function series(count: number, valueAt: (index: number, hour: number) => number): StreamingPoint[] {
  const points: StreamingPoint[] = [];
  for (let i = 0; i < count; i += 1) {
    const timestampMs = START_MS + i * FIVE_MINUTES;
    points.push({ timestampMs, value: valueAt(i, new Date(timestampMs).getUTCHours()) });
  }
  return points;
}

/** Index of the first point at `hour`:00 UTC on day `day` (0-based). */
export function indexAt(day: number, hour: number): number {
  return day * 288 + hour * 12;
}

/** Busy 09:00-17:00 (around 100), quiet otherwise (around 10): a daily batch window. */
export function officeHours(seed: number, days: number): StreamingPoint[] {
  const noise = gaussian(seed);
  return series(days * 288, (_i, hour) => (hour >= 9 && hour < 17 ? 100 : 10) + noise());
}
