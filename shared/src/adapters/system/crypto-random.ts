import { randomInt } from 'node:crypto';
import type { RandomSource } from '../../core/ports/random';

const RANGE = 2 ** 48 - 1;

/** Unpredictable randomness for production jitter; tests inject a seeded source instead. */
export const cryptoRandom: RandomSource = () => randomInt(0, RANGE) / RANGE;
