/**
 * The non-seasonal baseline: an exponentially weighted level and the mean absolute error of predicting
 * the next point with it. Errors are clipped before they feed the scale, so one spike does not widen
 * the band that the next spike is judged against.
 */
export class LevelPredictor {
  constructor(
    private readonly alpha: number,
    private readonly scaleAlpha: number,
    public level = Number.NaN,
    public meanAbsError = Number.NaN,
  ) {}

  get ready(): boolean {
    return !Number.isNaN(this.meanAbsError);
  }

  predict(): number {
    return this.level;
  }

  learn(value: number, clipAt: number): void {
    if (Number.isNaN(this.level)) {
      this.level = value;
      return;
    }
    const error = Math.abs(value - this.level);
    this.meanAbsError = Number.isNaN(this.meanAbsError)
      ? error
      : this.meanAbsError + this.scaleAlpha * (Math.min(error, clipAt) - this.meanAbsError);
    this.level += this.alpha * (value - this.level);
  }
}
