import { resolveStreamingConfig, type StreamingDetectorConfig } from './config';
import { StreamingInputError } from './errors';
import { LevelPredictor } from './level-predictor';
import { LevelShift } from './level-shift';
import { RawScoreLikelihood } from './raw-score-likelihood';
import { describe, type Judgement } from './reasons';
import { DAY_MS, SeasonalPredictor } from './seasonal-predictor';
import { SlotSpread } from './slot-spread';
import { assertStreamingState, fromJsonNumber, STATE_KIND, toJsonNumber, type StreamingDetectorState } from './state';
import { logScaledLikelihood } from './tail-probability';
import type { StreamingPoint, StreamingScore } from './types';

/** Mean absolute error of a normal residual is 0.8σ. */
const SIGMA_PER_MEAN_ABS_ERROR = 1.2533;
/** Residuals beyond this many sigmas are clipped before they feed a scale: one spike must not widen the band. */
const CLIP_SIGMAS = 4;

/** Surprise in sigmas -> 0..1: nothing inside the dead zone, one half at `halfScoreSigmas` beyond it. */
function rawScore(surprise: number, c: StreamingDetectorConfig): number {
  const beyond = surprise - c.deadZoneSigmas;
  return beyond > 0 ? beyond / (beyond + c.halfScoreSigmas) : 0;
}

/**
 * Scores one metric series a point at a time. Each point is judged against what the points before it
 * taught (a recent level and a daily profile, whichever has predicted this series better), turned into
 * a raw surprise, and then into the likelihood that the recent surprise is unusual for this series.
 * The point is learned only after it is scored, so a score never depends on a later point.
 */
export class StreamingDetector {
  readonly config: StreamingDetectorConfig;
  private readonly levelPredictor: LevelPredictor;
  private readonly seasonal: SeasonalPredictor;
  private readonly likelihood: RawScoreLikelihood;
  private readonly pointLikelihood: RawScoreLikelihood;
  private readonly shift: LevelShift;
  private readonly levelSlots: SlotSpread;
  private count = 0;
  private firstTimestampMs = Number.NaN;
  private lastTimestampMs = Number.NaN;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private levelAccuracy = Number.NaN;
  private seasonalAccuracy = Number.NaN;
  private suppressRemaining = 0;

  constructor(config: Partial<StreamingDetectorConfig> = {}) {
    this.config = resolveStreamingConfig(config);
    const c = this.config;
    this.levelPredictor = new LevelPredictor(c.levelAlpha, c.scaleAlpha);
    this.seasonal = new SeasonalPredictor(c.seasonalLevelAlpha, c.seasonAlpha, c.scaleAlpha, c.slotScaleAlpha, c.slotsPerDay);
    this.levelSlots = SlotSpread.empty(c.slotScaleAlpha, c.slotsPerDay);
    this.likelihood = RawScoreLikelihood.empty(c.likelihoodAlpha, c.likelihoodWarmupPoints, c.averagingPoints);
    this.pointLikelihood = RawScoreLikelihood.empty(c.likelihoodAlpha, c.likelihoodWarmupPoints, 1);
    this.shift = new LevelShift(c.shiftFastAlpha, c.shiftSlowAlpha, c.scaleAlpha);
  }

  /** Points accepted so far. */
  get pointsSeen(): number {
    return this.count;
  }

  /**
   * Scores a point, then learns it. A point with a non-finite value or timestamp throws StreamingInputError
   * and leaves the detector unchanged; one whose timestamp goes back is scored at the previous point's
   * time and carries a warning.
   */
  update(point: StreamingPoint): StreamingScore {
    const { value } = point;
    let timestampMs = point.timestampMs;
    if (!Number.isFinite(timestampMs)) throw new StreamingInputError('non_finite_timestamp', `timestamp ${String(timestampMs)} is not a finite number of milliseconds`);
    if (!Number.isFinite(value)) throw new StreamingInputError('non_finite_value', `value ${String(value)} is not a finite number`);
    let warning: StreamingScore['warning'];
    if (timestampMs < this.lastTimestampMs) {
      warning = { code: 'out_of_order', message: `timestamp ${timestampMs} is before the previous point's ${this.lastTimestampMs}; scored at the previous point's time` };
      timestampMs = this.lastTimestampMs;
    }
    const c = this.config;
    const slot = this.seasonal.slotOf(timestampMs);

    const levelExpected = this.levelPredictor.predict();
    let levelSigma = this.sigma(this.levelPredictor.meanAbsError, value);
    if (c.levelSlotShare > 0) {
      const usualHere = SIGMA_PER_MEAN_ABS_ERROR * c.levelSlotShare * this.levelSlots.around(slot);
      if (usualHere > levelSigma) levelSigma = usualHere;
    }
    const seasonalKnown = this.seasonal.knows(slot);
    const seasonalExpected = this.seasonal.predict(slot);
    const seasonalSigma = seasonalKnown ? this.sigma(this.seasonal.slotError(slot, c.slotSpreadFloor), value) : Number.NaN;
    const useSeasonal = seasonalKnown && this.seasonalAccuracy < c.seasonalAdvantage * this.levelAccuracy;
    const expected = useSeasonal ? seasonalExpected : levelExpected;
    const sigma = useSeasonal ? seasonalSigma : levelSigma;
    const surprise = Number.isNaN(sigma) ? 0 : Math.abs(value - expected) / sigma;

    const raw = rawScore(surprise, c);
    const shiftRaw = c.shiftWeight > 0 ? rawScore(c.shiftWeight * this.shift.surprise(this.sigma(0, value)), c) : 0;
    const sustainedLikelihood = this.likelihood.observe(shiftRaw > raw ? shiftRaw : raw);
    const pointLikelihood = this.pointLikelihood.observe(raw);
    const likelihood = c.scoreSinglePoints && pointLikelihood > sustainedLikelihood ? pointLikelihood : sustainedLikelihood;
    let score = logScaledLikelihood(likelihood);
    const range = this.max - this.min;
    const novel =
      this.count >= c.warmupPoints &&
      range > 0 &&
      surprise >= c.noveltyMinSigmas &&
      (value > this.max + c.rangeTolerance * range || value < this.min - c.rangeTolerance * range);
    if (novel) score = 1;
    if (this.count < c.warmupPoints) score = 0;

    let isAnomaly = false;
    if (this.suppressRemaining > 0) {
      this.suppressRemaining -= 1;
      score = Math.min(score, c.threshold * 0.99) * c.suppressedShare;
    } else if (score >= c.threshold) {
      isAnomaly = true;
      this.suppressRemaining = c.suppressionPoints;
    }

    let reasons: string[] = [];
    if (isAnomaly) {
      const sustained = !novel && sustainedLikelihood > pointLikelihood;
      reasons = describe(this.judgement(value, useSeasonal, expected, sigma, surprise, timestampMs, novel, sustained, range));
    }
    this.learn(timestampMs, value, slot, levelExpected, levelSigma, seasonalKnown ? seasonalExpected : Number.NaN, seasonalSigma);
    return warning === undefined ? { score, isAnomaly, reasons } : { score, isAnomaly, reasons, warning };
  }

  private sigma(meanAbsError: number, value: number): number {
    if (Number.isNaN(meanAbsError)) return Number.NaN;
    // A flat series has no spread: judge against a sliver of its range (or value) instead of dividing by zero.
    const range = this.max - this.min;
    const floor = Math.max(1e-4 * (Number.isFinite(range) ? range : 0), 1e-6 * Math.abs(value), 1e-9);
    return Math.max(meanAbsError * SIGMA_PER_MEAN_ABS_ERROR, floor);
  }

  private learn(timestampMs: number, value: number, slot: number, levelExpected: number, levelSigma: number, seasonalExpected: number, seasonalSigma: number): void {
    const c = this.config;
    if (!Number.isNaN(levelExpected) && !Number.isNaN(seasonalExpected)) {
      const levelError = Math.abs(value - levelExpected);
      const seasonalError = Math.abs(value - seasonalExpected);
      this.levelAccuracy = Number.isNaN(this.levelAccuracy) ? levelError : this.levelAccuracy + c.accuracyAlpha * (levelError - this.levelAccuracy);
      this.seasonalAccuracy = Number.isNaN(this.seasonalAccuracy)
        ? seasonalError
        : this.seasonalAccuracy + c.accuracyAlpha * (seasonalError - this.seasonalAccuracy);
    }
    this.shift.learn(value, CLIP_SIGMAS);
    if (!Number.isNaN(levelExpected)) this.levelSlots.learn(slot, Math.abs(value - levelExpected));
    this.levelPredictor.learn(value, Number.isNaN(levelSigma) ? Number.POSITIVE_INFINITY : CLIP_SIGMAS * levelSigma);
    this.seasonal.learn(slot, value, Number.isNaN(seasonalSigma) ? Number.POSITIVE_INFINITY : CLIP_SIGMAS * seasonalSigma);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.count === 0) this.firstTimestampMs = timestampMs;
    this.lastTimestampMs = timestampMs;
    this.count += 1;
  }

  private judgement(
    value: number,
    useSeasonal: boolean,
    expected: number,
    sigma: number,
    surprise: number,
    timestampMs: number,
    novel: boolean,
    sustained: boolean,
    range: number,
  ): Judgement {
    const c = this.config;
    const daysSeen = (timestampMs - this.firstTimestampMs) / DAY_MS;
    return {
      value,
      baseline: useSeasonal ? 'daily-profile' : 'recent-level',
      expected,
      sigma,
      surprise,
      slotStartMs: Math.floor(timestampMs / this.seasonal.slotMs) * this.seasonal.slotMs,
      slotMs: this.seasonal.slotMs,
      memoryDays: Math.max(1, Math.round(Math.min(daysSeen, 1 / c.seasonAlpha))),
      memoryPoints: Math.min(this.count, Math.round(1 / c.scaleAlpha)),
      novelRange: novel && Number.isFinite(range) ? { min: this.min, max: this.max, seen: this.count } : undefined,
      sustained: sustained
        ? {
            average: this.likelihood.averageOfRecent,
            usual: this.likelihood.mean,
            spread: Math.sqrt(this.likelihood.variance),
            points: this.likelihood.recentCount,
          }
        : undefined,
    };
  }

  /** Plain JSON; bounded by the configuration, not by the length of the series. */
  toState(): StreamingDetectorState {
    return {
      kind: STATE_KIND,
      version: 1,
      config: { ...this.config },
      count: this.count,
      firstTimestampMs: toJsonNumber(this.firstTimestampMs),
      lastTimestampMs: toJsonNumber(this.lastTimestampMs),
      min: Number.isFinite(this.min) ? this.min : null,
      max: Number.isFinite(this.max) ? this.max : null,
      level: {
        level: toJsonNumber(this.levelPredictor.level),
        meanAbsError: toJsonNumber(this.levelPredictor.meanAbsError),
        slotErrors: this.levelSlots.errors.map(toJsonNumber),
      },
      seasonal: {
        level: toJsonNumber(this.seasonal.level),
        meanAbsError: toJsonNumber(this.seasonal.meanAbsError),
        offsets: this.seasonal.offsets.map(toJsonNumber),
        slotErrors: this.seasonal.slotErrors.map(toJsonNumber),
      },
      accuracy: { level: toJsonNumber(this.levelAccuracy), seasonal: toJsonNumber(this.seasonalAccuracy) },
      shift: { fast: toJsonNumber(this.shift.fast), slow: toJsonNumber(this.shift.slow), meanAbsGap: toJsonNumber(this.shift.meanAbsGap) },
      likelihood: this.likelihood.toState(),
      pointLikelihood: this.pointLikelihood.toState(),
      suppressRemaining: this.suppressRemaining,
    };
  }

  /** Rebuilds a detector that continues exactly where the stored one stopped; a malformed state throws StreamingInputError. */
  static fromState(state: unknown): StreamingDetector {
    assertStreamingState(state);
    const detector = new StreamingDetector(state.config);
    detector.count = state.count;
    detector.firstTimestampMs = fromJsonNumber(state.firstTimestampMs);
    detector.lastTimestampMs = fromJsonNumber(state.lastTimestampMs);
    detector.min = state.min ?? Number.POSITIVE_INFINITY;
    detector.max = state.max ?? Number.NEGATIVE_INFINITY;
    detector.levelPredictor.level = fromJsonNumber(state.level.level);
    detector.levelPredictor.meanAbsError = fromJsonNumber(state.level.meanAbsError);
    state.level.slotErrors.forEach((error, slot) => (detector.levelSlots.errors[slot] = fromJsonNumber(error)));
    detector.seasonal.level = fromJsonNumber(state.seasonal.level);
    detector.seasonal.meanAbsError = fromJsonNumber(state.seasonal.meanAbsError);
    state.seasonal.offsets.forEach((offset, slot) => (detector.seasonal.offsets[slot] = fromJsonNumber(offset)));
    state.seasonal.slotErrors.forEach((error, slot) => (detector.seasonal.slotErrors[slot] = fromJsonNumber(error)));
    detector.shift.fast = fromJsonNumber(state.shift.fast);
    detector.shift.slow = fromJsonNumber(state.shift.slow);
    detector.shift.meanAbsGap = fromJsonNumber(state.shift.meanAbsGap);
    detector.levelAccuracy = fromJsonNumber(state.accuracy.level);
    detector.seasonalAccuracy = fromJsonNumber(state.accuracy.seasonal);
    if (!detector.likelihood.restore(state.likelihood) || !detector.pointLikelihood.restore(state.pointLikelihood)) {
      throw new StreamingInputError('invalid_state', 'streaming detector state: likelihood windows do not match config.averagingPoints');
    }
    detector.suppressRemaining = state.suppressRemaining;
    return detector;
  }
}
