export const DAY_MS = 86_400_000;

/**
 * The seasonal baseline: additive Holt-Winters with one slot per time of day (UTC). Each slot keeps its
 * own offset from the level and its own mean absolute error, so a daily batch that is always noisy at
 * 02:00 is judged against 02:00's usual spread, not the day's.
 */
export class SeasonalPredictor {
  readonly slotMs: number;

  constructor(
    private readonly levelAlpha: number,
    private readonly seasonAlpha: number,
    private readonly scaleAlpha: number,
    private readonly slotScaleAlpha: number,
    readonly slotsPerDay: number,
    public level = Number.NaN,
    /** Mean absolute prediction error over all slots: the floor under a slot that has been seen only a few times. */
    public meanAbsError = Number.NaN,
    /** Offset of each slot from the level; NaN until the slot has been seen. */
    readonly offsets: number[] = new Array<number>(slotsPerDay).fill(Number.NaN),
    /** Mean absolute prediction error in each slot; NaN until the slot has been predicted once. */
    readonly slotErrors: number[] = new Array<number>(slotsPerDay).fill(Number.NaN),
  ) {
    this.slotMs = DAY_MS / slotsPerDay;
  }

  slotOf(timestampMs: number): number {
    const intoDay = timestampMs - Math.floor(timestampMs / DAY_MS) * DAY_MS;
    const slot = Math.floor(intoDay / this.slotMs);
    return slot < this.slotsPerDay ? slot : this.slotsPerDay - 1;
  }

  /** True once this slot has an offset and an error of its own to judge a point against. */
  knows(slot: number): boolean {
    return !Number.isNaN(this.slotErrors[slot]!);
  }

  predict(slot: number): number {
    const offset = this.offsets[slot]!;
    return Number.isNaN(offset) ? this.level : this.level + offset;
  }

  /** The slot's own error, but never below `floorShare` of the error over all slots. */
  slotError(slot: number, floorShare: number): number {
    return Math.max(this.slotErrors[slot]!, floorShare * this.meanAbsError);
  }

  learn(slot: number, value: number, clipAt: number): void {
    if (Number.isNaN(this.level)) this.level = value;
    const offset = this.offsets[slot]!;
    if (Number.isNaN(offset)) {
      this.offsets[slot] = value - this.level;
      return;
    }
    const error = Math.abs(value - (this.level + offset));
    this.meanAbsError = Number.isNaN(this.meanAbsError) ? error : this.meanAbsError + this.scaleAlpha * (Math.min(error, clipAt) - this.meanAbsError);
    const slotError = this.slotErrors[slot]!;
    this.slotErrors[slot] = Number.isNaN(slotError) ? error : slotError + this.slotScaleAlpha * (Math.min(error, clipAt) - slotError);
    this.level += this.levelAlpha * (value - offset - this.level);
    this.offsets[slot] = offset + this.seasonAlpha * (value - this.level - offset);
  }
}
