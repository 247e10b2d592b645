import { WINDOW_NAMES } from './history/decayed-rate';
import type { OutcomeHistory } from './history/outcome-history';
import type { RiskHistory } from './history/risk-history';
import type { RunStart } from './run-events';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Bounds on the columns a stream can add, so a noisy producer cannot grow the model without limit. */
const MAX_INPUT_FEATURES = 24;
const MAX_CONTEXT_KEYS = 4;

const PIPELINE_FEATURES = [
  'knownRuns',
  'failedLast1',
  'failShareLast3',
  'failShareLast5',
  'failShareLast20',
  'failShareAll',
  'cancelShareLast5',
  'consecutiveFailures',
  'failurePersistence',
  'runsSinceSuccess',
  'hoursSinceSuccess',
  'hoursSinceFailure',
  'hoursSinceLastOutcome',
  'hoursSinceLastStart',
  'hoursSinceFirstStart',
  ...WINDOW_NAMES.map((window) => `failShare${window}`),
  ...WINDOW_NAMES.map((window) => `failures${window}`),
  'startsLast1h',
  'runsInFlight',
  'retryShare',
  'logLastDuration',
  'durationTrend',
  'logLastFailureDuration',
  'distinctRecentSignatures',
  'latestSignatureRepeats',
] as const;

const CONTEXT_FEATURES = [
  'knownRuns',
  'failShareLast5',
  'failShareLast20',
  'failShareAll',
  'consecutiveFailures',
  'failurePersistence',
  'failShare1h',
  'failShare1d',
  'failures1h',
  'hoursSinceFailure',
  'runsInFlight',
] as const;

const GLOBAL_FEATURES = ['overall.failShare1h', 'overall.failures1h', 'overall.startsLast1h'] as const;
const TIME_FEATURES = ['hourOfDay', 'dayOfWeek'] as const;

/**
 * The column layout of risk feature vectors. It only ever grows (new context keys and input features
 * are appended), so a model trained on an earlier layout still reads its columns at the same places.
 */
export class FeatureLayout {
  readonly contextKeys: string[] = [];
  /** First column of each context key's block (blocks and inputs interleave in the order they were seen). */
  readonly contextOffsets: number[] = [];
  readonly inputColumns: number[] = [];
  readonly inputNames: string[] = [];
  private readonly inputIndex = new Map<string, number>();
  readonly names: string[];

  constructor(contextKeys: readonly string[] = [], inputNames: readonly string[] = []) {
    this.names = [
      ...PIPELINE_FEATURES.map((name) => `pipeline.${name}`),
      ...GLOBAL_FEATURES,
      ...TIME_FEATURES,
      'anomalyScore',
    ];
    for (const key of contextKeys) this.addContextKey(key);
    for (const name of inputNames) this.addInput(name);
  }

  /** Rebuilds the layout a model was trained on from its feature names (context blocks and inputs in their order). */
  static fromNames(names: readonly string[]): FeatureLayout {
    const layout = new FeatureLayout();
    for (let i = layout.width; i < names.length; i += 1) {
      const name = names[i] as string;
      if (name.startsWith('features.')) layout.addInput(name.slice('features.'.length));
      else if (name.startsWith('context.') && name.endsWith(`.${CONTEXT_FEATURES[0]}`)) layout.addContextKey(name.slice('context.'.length, -`.${CONTEXT_FEATURES[0]}`.length));
    }
    if (layout.names.length !== names.length || layout.names.some((name, i) => name !== names[i])) {
      throw new RangeError('feature names do not form a layout this build computes (a newer or edited model?)');
    }
    return layout;
  }

  get width(): number {
    return this.names.length;
  }

  /** Adds the keys and feature names a start brings that are new, within the bounds. */
  observe(start: RunStart): void {
    if (start.context) {
      for (const key in start.context) if (!this.contextKeys.includes(key) && this.contextKeys.length < MAX_CONTEXT_KEYS) this.addContextKey(key);
    }
    if (start.features) {
      for (const name in start.features) if (!this.inputIndex.has(name) && this.inputNames.length < MAX_INPUT_FEATURES) this.addInput(name);
    }
  }

  inputColumn(name: string): number | undefined {
    return this.inputIndex.get(name);
  }

  private addContextKey(key: string): void {
    this.contextKeys.push(key);
    this.contextOffsets.push(this.names.length);
    for (const name of CONTEXT_FEATURES) this.names.push(`context.${key}.${name}`);
  }

  private addInput(name: string): void {
    this.inputIndex.set(name, this.names.length);
    this.inputColumns.push(this.names.length);
    this.inputNames.push(name);
    this.names.push(`features.${name}`);
  }
}

const PIPELINE_WIDTH = PIPELINE_FEATURES.length;

function hoursSince(at: number, then: number): number {
  return Number.isNaN(then) ? Number.NaN : Math.max(0, at - then) / HOUR_MS;
}

/** Share of outcomes after a failure that failed again (Laplace-smoothed toward 1/2); NaN before any failure. */
function persistence(h: OutcomeHistory): number {
  return h.afterFailure > 0 ? (h.failedAfterFailure + 1) / (h.afterFailure + 2) : Number.NaN;
}

function writePipeline(out: Float32Array, h: OutcomeHistory | undefined, at: number): void {
  if (!h) {
    out.fill(Number.NaN, 0, PIPELINE_WIDTH);
    out[0] = 0;
    return;
  }
  let i = 0;
  out[i++] = h.outcomes;
  out[i++] = h.failShareOfLast(1);
  out[i++] = h.failShareOfLast(3);
  out[i++] = h.failShareOfLast(5);
  out[i++] = h.failShareOfLast(20);
  out[i++] = h.outcomes > 0 ? h.failures / h.outcomes : Number.NaN;
  out[i++] = h.cancelShareOfLast(5);
  out[i++] = h.consecutiveFailures;
  out[i++] = persistence(h);
  out[i++] = h.outcomes > 0 ? h.outcomesSinceSuccess : Number.NaN;
  out[i++] = hoursSince(at, h.lastSuccessAt);
  out[i++] = hoursSince(at, h.lastFailureAt);
  out[i++] = hoursSince(at, h.lastOutcomeAt);
  out[i++] = hoursSince(at, h.lastStartAt);
  out[i++] = hoursSince(at, h.firstStartAt);
  for (let w = 0; w < WINDOW_NAMES.length; w += 1) out[i++] = h.windows.shareAt(w);
  for (let w = 0; w < WINDOW_NAMES.length; w += 1) out[i++] = h.windows.failuresAt(w, at);
  out[i++] = h.startRate.totalAt(0, at);
  out[i++] = h.inFlight;
  out[i++] = h.starts > 0 ? h.retryStarts / h.starts : Number.NaN;
  out[i++] = h.lastLogDuration;
  out[i++] = h.lastLogDuration - h.smoothedLogDuration;
  out[i++] = h.lastFailureLogDuration;
  out[i++] = h.distinctRecentSignatures();
  out[i++] = h.latestSignatureRepeats();
}

function writeContext(out: Float32Array, offset: number, h: OutcomeHistory | undefined, at: number): void {
  if (!h) {
    out.fill(Number.NaN, offset, offset + CONTEXT_FEATURES.length);
    out[offset] = 0;
    return;
  }
  let i = offset;
  out[i++] = h.outcomes;
  out[i++] = h.failShareOfLast(5);
  out[i++] = h.failShareOfLast(20);
  out[i++] = h.outcomes > 0 ? h.failures / h.outcomes : Number.NaN;
  out[i++] = h.consecutiveFailures;
  out[i++] = persistence(h);
  out[i++] = h.windows.shareAt(0);
  out[i++] = h.windows.shareAt(1);
  out[i++] = h.windows.failuresAt(0, at);
  out[i++] = hoursSince(at, h.lastFailureAt);
  out[i++] = h.inFlight;
}

/**
 * The feature vector of a run as of its start: only history recorded before it (the start itself is
 * recorded after this call), the facts on the start line, and the time of day and week (UTC).
 * Missing values are NaN; the trees send them down their own side.
 */
export function extractFeatures(layout: FeatureLayout, history: RiskHistory<unknown>, start: RunStart, out: Float32Array): Float32Array {
  const at = start.at;
  writePipeline(out, history.pipeline(start.pipelineId), at);
  let i = PIPELINE_WIDTH;
  out[i++] = history.overall.windows.shareAt(0);
  out[i++] = history.overall.windows.failuresAt(0, at);
  out[i++] = history.overall.startRate.totalAt(0, at);
  out[i++] = Math.floor((((at % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
  out[i++] = (Math.floor(at / DAY_MS) + 4) % 7;
  out[i++] = start.anomalyScore ?? Number.NaN;
  const contexts = history.contextHistories(start.context, layout.contextKeys);
  contexts.forEach((context, k) => writeContext(out, layout.contextOffsets[k] as number, context, at));
  for (const column of layout.inputColumns) out[column] = Number.NaN;
  if (start.features) {
    for (const name in start.features) {
      const column = layout.inputColumn(name);
      if (column !== undefined) out[column] = start.features[name] as number;
    }
  }
  return out;
}
