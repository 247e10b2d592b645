/**
 * How wrong a predictor usually is at each time of day (and the slots either side, since a daily job
 * drifts by minutes). A spike that comes every night at 03:00 widens 03:00's band until it is expected.
 */
export class SlotSpread {
  constructor(
    private readonly alpha: number,
    readonly errors: number[],
  ) {}

  static empty(alpha: number, slots: number): SlotSpread {
    return new SlotSpread(alpha, new Array<number>(slots).fill(Number.NaN));
  }

  /** Largest usual error in this slot and its neighbours; NaN when none has been seen. */
  around(slot: number): number {
    const slots = this.errors.length;
    let widest = Number.NaN;
    for (const neighbour of [slot === 0 ? slots - 1 : slot - 1, slot, slot + 1 === slots ? 0 : slot + 1]) {
      const error = this.errors[neighbour]!;
      if (Number.isNaN(widest) || error > widest) widest = error;
    }
    return widest;
  }

  learn(slot: number, error: number): void {
    const current = this.errors[slot]!;
    this.errors[slot] = Number.isNaN(current) ? error : current + this.alpha * (error - current);
  }
}
