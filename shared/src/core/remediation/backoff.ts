import type { RandomSource } from '../ports/random';

/**
 * Exponential backoff with jitter. `equal` jitter keeps half of the exponential delay and randomizes the
 * other half, so the delay still grows with each attempt while concurrent retries of many pipelines
 * spread out instead of hitting a rate-limited API together.
 */
export interface BackoffPolicy {
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
  jitter: 'equal' | 'full' | 'none';
}

export const NO_BACKOFF: BackoffPolicy = { initialDelayMs: 0, multiplier: 1, maxDelayMs: 0, jitter: 'none' };

/** Delay before the given 1-based attempt of a step. */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: RandomSource): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
  switch (policy.jitter) {
    case 'none':
      return Math.round(exponential);
    case 'full':
      return Math.round(random() * exponential);
    case 'equal':
      return Math.round(exponential / 2 + (random() * exponential) / 2);
  }
}
