import type { StreamingDetectorConfig } from './config';
import { StreamingInputError } from './errors';
import type { LikelihoodState } from './raw-score-likelihood';

/**
 * Everything a detector knows about one series, as plain JSON (NaN is stored as null). Its size is fixed
 * by the configuration (slots per day, averaging window), not by how long the series has run, so the
 * monitor function can persist it per series between ticks.
 */
export interface StreamingDetectorState {
  kind: 'flexiroaster.streaming-detector';
  version: 1;
  config: StreamingDetectorConfig;
  count: number;
  firstTimestampMs: number | null;
  lastTimestampMs: number | null;
  min: number | null;
  max: number | null;
  level: { level: number | null; meanAbsError: number | null; slotErrors: Array<number | null> };
  seasonal: { level: number | null; meanAbsError: number | null; offsets: Array<number | null>; slotErrors: Array<number | null> };
  accuracy: { level: number | null; seasonal: number | null };
  shift: { fast: number | null; slow: number | null; meanAbsGap: number | null };
  /** Surprise averaged over the last few points, against its usual distribution. */
  likelihood: LikelihoodState;
  /** Each point's own surprise, against its usual distribution. */
  pointLikelihood: LikelihoodState;
  suppressRemaining: number;
}

export const STATE_KIND = 'flexiroaster.streaming-detector';

export function toJsonNumber(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export function fromJsonNumber(value: number | null): number {
  return value === null ? Number.NaN : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(what: string): never {
  throw new StreamingInputError('invalid_state', `streaming detector state: ${what}`);
}

function finiteOrNull(value: unknown, path: string): void {
  if (value !== null && !(typeof value === 'number' && Number.isFinite(value))) fail(`${path} must be a finite number or null`);
}

function finite(value: unknown, path: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value))) fail(`${path} must be a finite number`);
}

function numberList(value: unknown, length: number, path: string, allowNull: boolean): void {
  if (!Array.isArray(value) || value.length !== length) fail(`${path} must be an array of ${length} numbers`);
  value.forEach((item, index) => (allowNull ? finiteOrNull(item, `${path}[${index}]`) : finite(item, `${path}[${index}]`)));
}

/** Checks a stored state's shape before a detector trusts it; names the first thing that is wrong. */
export function assertStreamingState(value: unknown): asserts value is StreamingDetectorState {
  if (!isRecord(value) || value.kind !== STATE_KIND) fail(`kind must be "${STATE_KIND}"`);
  if (value.version !== 1) fail(`unsupported version ${JSON.stringify(value.version)}`);
  if (!isRecord(value.config)) fail('config is missing');
  for (const key of ['count', 'suppressRemaining'] as const) finite(value[key], key);
  for (const key of ['firstTimestampMs', 'lastTimestampMs', 'min', 'max'] as const) finiteOrNull(value[key], key);
  const { level, seasonal, accuracy, shift, likelihood, pointLikelihood } = value;
  if (!isRecord(level) || !isRecord(seasonal) || !isRecord(accuracy) || !isRecord(shift) || !isRecord(likelihood) || !isRecord(pointLikelihood)) {
    fail('level, seasonal, accuracy, shift, likelihood and pointLikelihood are required');
  }
  for (const key of ['fast', 'slow', 'meanAbsGap'] as const) finiteOrNull(shift[key], `shift.${key}`);
  finiteOrNull(level.level, 'level.level');
  finiteOrNull(level.meanAbsError, 'level.meanAbsError');
  finiteOrNull(seasonal.level, 'seasonal.level');
  finiteOrNull(seasonal.meanAbsError, 'seasonal.meanAbsError');
  finiteOrNull(accuracy.level, 'accuracy.level');
  finiteOrNull(accuracy.seasonal, 'accuracy.seasonal');
  const slots = value.config.slotsPerDay;
  if (typeof slots !== 'number') fail('config.slotsPerDay is missing');
  numberList(seasonal.offsets, slots, 'seasonal.offsets', true);
  numberList(level.slotErrors, slots, 'level.slotErrors', true);
  numberList(seasonal.slotErrors, slots, 'seasonal.slotErrors', true);
  const window = value.config.averagingPoints;
  if (typeof window !== 'number') fail('config.averagingPoints is missing');
  checkLikelihood(likelihood, window, 'likelihood');
  checkLikelihood(pointLikelihood, 1, 'pointLikelihood');
}

function checkLikelihood(likelihood: Record<string, unknown>, window: number, path: string): void {
  numberList(likelihood.recent, window, `${path}.recent`, false);
  for (const key of ['recentNext', 'recentCount', 'mean', 'variance', 'seen'] as const) finite(likelihood[key], `${path}.${key}`);
  if ((likelihood.recentNext as number) >= window || (likelihood.recentCount as number) > window) fail(`${path} window position is outside the window`);
}
