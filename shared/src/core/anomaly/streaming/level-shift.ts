/**
 * The slow view: how far a short moving average has drifted from a long one, in units of how far it
 * usually drifts. A step that the fast predictor absorbs in a few points stays visible here for as long
 * as the long average takes to follow, so a sustained level shift keeps the averaged surprise up.
 */
export class LevelShift {
  constructor(
    private readonly fastAlpha: number,
    private readonly slowAlpha: number,
    private readonly scaleAlpha: number,
    public fast = Number.NaN,
    public slow = Number.NaN,
    public meanAbsGap = Number.NaN,
  ) {}

  /** The current gap in units of its usual size (0 until both averages and the scale exist). */
  surprise(floor: number): number {
    if (Number.isNaN(this.meanAbsGap)) return 0;
    return Math.abs(this.fast - this.slow) / Math.max(this.meanAbsGap * 1.2533, floor);
  }

  gap(): number {
    return this.fast - this.slow;
  }

  learn(value: number, clipSigmas: number): void {
    if (Number.isNaN(this.fast)) {
      this.fast = value;
      this.slow = value;
      return;
    }
    this.fast += this.fastAlpha * (value - this.fast);
    this.slow += this.slowAlpha * (value - this.slow);
    const gap = Math.abs(this.fast - this.slow);
    if (Number.isNaN(this.meanAbsGap)) this.meanAbsGap = gap;
    else this.meanAbsGap += this.scaleAlpha * (Math.min(gap, clipSigmas * this.meanAbsGap * 1.2533 || gap) - this.meanAbsGap);
  }
}
