/** Injected randomness: returns a float in [0, 1). Seeded in tests and training, crypto-backed in production. */
export type RandomSource = () => number;
