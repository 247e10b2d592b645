/** Largest log-odds shift a key's correction may reach. */
const LIMIT = 4;

/**
 * Per-key log-odds corrections learned online from the deployed model's own errors: after each
 * outcome, the key's shift moves by rate × (outcome − predicted probability). A pipeline that starts
 * failing run after run in a way the last daily model has not seen (a broken dependency, a bad
 * deploy) is pulled up within a few runs instead of waiting for the next retraining.
 */
export class OnlineCorrection {
  private readonly shifts = new Map<string, number>();

  constructor(private readonly rate: number) {}

  shift(key: string): number {
    return this.shifts.get(key) ?? 0;
  }

  learn(key: string, predicted: number, failed: boolean): void {
    if (this.rate === 0) return;
    const next = this.shift(key) + this.rate * ((failed ? 1 : 0) - predicted);
    this.shifts.set(key, next > LIMIT ? LIMIT : next < -LIMIT ? -LIMIT : next);
  }

  /** Shrinks every shift when a new model arrives: it has learned part of what the shifts encoded. */
  shrink(factor: number): void {
    for (const [key, value] of this.shifts) {
      const next = value * factor;
      if (Math.abs(next) < 1e-3) this.shifts.delete(key);
      else this.shifts.set(key, next);
    }
  }
}
