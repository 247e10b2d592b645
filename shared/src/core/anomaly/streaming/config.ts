import { StreamingInputError } from './errors';

/**
 * One configuration serves every series: the detector learns each series' level, scale and daily
 * profile itself, and its scores are tail probabilities, so the same threshold means the same rarity
 * on a CPU gauge and on a request count.
 */
export interface StreamingDetectorConfig {
  /** Points learned before any alarm may be raised. */
  warmupPoints: number;
  /** Smoothing of the recent level (the non-seasonal predictor). */
  levelAlpha: number;
  /** Smoothing of the level under the daily profile (Holt-Winters additive level). */
  seasonalLevelAlpha: number;
  /** Smoothing of each time-of-day slot of the daily profile. */
  seasonAlpha: number;
  /** Time-of-day slots per day (48 = half-hour slots). */
  slotsPerDay: number;
  /** Smoothing of the residual scales (mean absolute error) of both predictors. */
  scaleAlpha: number;
  /** Smoothing of the per-slot spreads (each slot is updated only at its time of day). */
  slotScaleAlpha: number;
  /** The recent level's band at a time of day is at least this share of its usual error at that time (0: off). */
  levelSlotShare: number;
  /** A slot's spread is never taken below this share of the daily profile's overall spread. */
  slotSpreadFloor: number;
  /** The daily profile is used only when its error is below this share of the recent level's error. */
  seasonalAdvantage: number;
  /** Smoothing of each predictor's accuracy, used to pick the one that explains the series better. */
  accuracyAlpha: number;
  /** Level-shift view: short and long moving averages whose gap is scored; 0 for shiftWeight turns it off. */
  shiftFastAlpha: number;
  shiftSlowAlpha: number;
  /** Weight of the level-shift surprise against the point surprise (the larger of the two is used). */
  shiftWeight: number;
  /** Surprise below this many sigmas counts as none: ordinary noise leaves the raw score at 0. */
  deadZoneSigmas: number;
  /** Residual surprise (in sigmas, beyond the dead zone) that maps to a raw score of 0.5. */
  halfScoreSigmas: number;
  /** Also score each point's own surprise against the distribution of single-point surprises (catches lone spikes). */
  scoreSinglePoints: boolean;
  /** Raw scores averaged over this many recent points before the likelihood is taken. */
  averagingPoints: number;
  /** Smoothing of the distribution of averaged raw scores the likelihood is measured against. */
  likelihoodAlpha: number;
  /** Points the raw-score distribution must have seen before it is trusted. */
  likelihoodWarmupPoints: number;
  /** A value beyond everything seen by this fraction of the seen range is novel regardless of its residual. */
  rangeTolerance: number;
  /** ...and its residual is at least this many sigmas. */
  noveltyMinSigmas: number;
  /** Score at and above which a point is an anomaly. */
  threshold: number;
  /** After an alarm, scores are held below the threshold for this many points: one incident, one alarm. */
  suppressionPoints: number;
  /** Scores during suppression are scaled by this share (and kept below the threshold). */
  suppressedShare: number;
}

export const DEFAULT_STREAMING_CONFIG: Readonly<StreamingDetectorConfig> = Object.freeze({
  warmupPoints: 150,
  levelAlpha: 0.3,
  seasonalLevelAlpha: 0.05,
  seasonAlpha: 0.5,
  slotsPerDay: 48,
  scaleAlpha: 0.02,
  slotScaleAlpha: 0.02,
  levelSlotShare: 0.5,
  slotSpreadFloor: 0.5,
  seasonalAdvantage: 0.9,
  accuracyAlpha: 0.01,
  scoreSinglePoints: true,
  shiftFastAlpha: 0.3,
  shiftSlowAlpha: 0.003,
  shiftWeight: 0.8,
  deadZoneSigmas: 0,
  halfScoreSigmas: 3,
  averagingPoints: 7,
  likelihoodAlpha: 0.002,
  likelihoodWarmupPoints: 200,
  rangeTolerance: 0.05,
  noveltyMinSigmas: 3,
  threshold: 0.5,
  suppressionPoints: 100,
  suppressedShare: 0.01,
});

type NumericKey = { [K in keyof StreamingDetectorConfig]: StreamingDetectorConfig[K] extends number ? K : never }[keyof StreamingDetectorConfig];

const UNIT_INTERVAL: readonly NumericKey[] = [
  'levelAlpha',
  'seasonalLevelAlpha',
  'seasonAlpha',
  'scaleAlpha',
  'accuracyAlpha',
  'likelihoodAlpha',
  'threshold',
  'slotSpreadFloor',
  'seasonalAdvantage',
  'shiftFastAlpha',
  'shiftSlowAlpha',
  'suppressedShare',
  'slotScaleAlpha',
];
const COUNTS: readonly NumericKey[] = [
  'warmupPoints',
  'slotsPerDay',
  'averagingPoints',
  'likelihoodWarmupPoints',
  'suppressionPoints',
];

/** Fills defaults and refuses values that would make the detector meaningless, naming the field. */
export function resolveStreamingConfig(overrides: Partial<StreamingDetectorConfig> = {}): StreamingDetectorConfig {
  const config: StreamingDetectorConfig = { ...DEFAULT_STREAMING_CONFIG, ...overrides };
  for (const key of UNIT_INTERVAL) {
    const value = config[key];
    if (!(value > 0 && value <= 1)) throw new StreamingInputError('invalid_state', `config.${key} must be in (0, 1], got ${value}`);
  }
  for (const key of COUNTS) {
    const value = config[key];
    if (!Number.isInteger(value) || value < 0) throw new StreamingInputError('invalid_state', `config.${key} must be a non-negative integer, got ${value}`);
  }
  if (config.slotsPerDay < 1 || config.averagingPoints < 1) {
    throw new StreamingInputError('invalid_state', 'config.slotsPerDay and config.averagingPoints must be at least 1');
  }
  if (!(config.halfScoreSigmas > 0) || !(config.rangeTolerance >= 0) || !(config.noveltyMinSigmas >= 0)) {
    throw new StreamingInputError('invalid_state', 'config.halfScoreSigmas must be > 0, config.rangeTolerance and config.noveltyMinSigmas >= 0');
  }
  if (!(config.deadZoneSigmas >= 0)) throw new StreamingInputError('invalid_state', 'config.deadZoneSigmas must be >= 0');
  if (!(config.levelSlotShare >= 0)) throw new StreamingInputError('invalid_state', 'config.levelSlotShare must be >= 0');
  if (!(config.shiftWeight >= 0)) throw new StreamingInputError('invalid_state', 'config.shiftWeight must be >= 0');
  if (typeof config.scoreSinglePoints !== 'boolean') throw new StreamingInputError('invalid_state', 'config.scoreSinglePoints must be a boolean');
  return config;
}
