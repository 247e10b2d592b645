import { PermanentStoreError } from '../domain/errors';
import type { MetricQuery } from '../metrics/metric-catalog';
import { seriesKey, type MetricPoint, type TimeWindow } from '../metrics/metric-point';
import { pointIdOf } from '../metrics/metric-rows';
import type { CustomMetricValue, CustomMetricWriter, MetricSource, MetricStore } from '../metrics/ports';
import type { SkippedData } from '../metrics/time-series';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { MonitorSettings } from './monitor-settings';
import type { MetricAnomaly, MetricAnomalyStore, MonitorStateStore, SeriesDetector, SeriesDetectorFactory, SeriesStateRecord } from './ports';

export interface MonitorDependencies {
  source: MetricSource;
  store: MetricStore;
  state: MonitorStateStore;
  anomalies: MetricAnomalyStore;
  detectors: SeriesDetectorFactory;
  /** Absent on the embedded default: there is no Cloud Monitoring project to write to. */
  customMetrics?: CustomMetricWriter;
  queries: readonly MetricQuery[];
  settings: MonitorSettings;
  clock: Clock;
  logger: Logger;
}

export interface TickSummary {
  window: TimeWindow;
  pointsRead: number;
  inserted: number;
  duplicates: number;
  /** Points already learned by their series' detector (the overlap, or a repeated tick). */
  alreadyScored: number;
  scored: number;
  anomalies: number;
  series: number;
  skipped: SkippedData[];
  /** Queries refused for good (bad filter, missing grant): reported, the others still run. */
  failedQueries: Array<{ metric: string; error: string }>;
  customMetricsWritten: number;
  customMetricsError?: string;
  /** Series whose stored state could not be read and were started afresh. */
  resetSeries: string[];
}

interface SeriesOutcome {
  record: SeriesStateRecord;
  anomalies: MetricAnomaly[];
  scored: number;
  alreadyScored: number;
  peak?: { score: number; timestamp: string; point: MetricPoint };
  reset: boolean;
}

/**
 * One monitor tick: read the window since the checkpoint (with an overlap), store every point,
 * score each series' new points with its streaming detector in time order, record anomalous points,
 * publish each series' peak anomaly score as a custom metric, then commit detector states and the
 * checkpoint together. A transient failure before the commit throws and the whole tick is repeated:
 * stored points and anomalies deduplicate and detectors resume from the committed state, so a
 * repeat changes nothing twice.
 */
export async function runMonitorTick(deps: MonitorDependencies): Promise<TickSummary> {
  const now = deps.clock.now();
  const window = await nextWindow(deps, now);
  const summary: TickSummary = {
    window,
    pointsRead: 0,
    inserted: 0,
    duplicates: 0,
    alreadyScored: 0,
    scored: 0,
    anomalies: 0,
    series: 0,
    skipped: [],
    failedQueries: [],
    customMetricsWritten: 0,
    resetSeries: [],
  };

  const points: MetricPoint[] = [];
  for (const query of deps.queries) {
    try {
      const read = await deps.source.read(query, window);
      points.push(...read.points);
      summary.skipped.push(...read.skipped);
    } catch (error) {
      if (!(error instanceof PermanentStoreError)) throw error;
      summary.failedQueries.push({ metric: query.name, error: error.message });
      deps.logger.log('ERROR', 'monitor: metric query refused', { metric: query.name, error: error.message });
    }
  }
  summary.pointsRead = points.length;
  for (const skipped of summary.skipped) deps.logger.log('WARNING', 'monitor: metric data skipped', { ...skipped });

  const saved = await deps.store.savePoints(points);
  summary.inserted = saved.inserted;
  summary.duplicates = saved.duplicates;

  const bySeries = groupBySeries(points);
  summary.series = bySeries.size;
  const stored = await deps.state.readSeriesStates([...bySeries.keys()]);
  const states = new Map<string, SeriesStateRecord>();
  const anomalies: MetricAnomaly[] = [];
  const peaks: CustomMetricValue[] = [];
  for (const [key, series] of bySeries) {
    const outcome = scoreSeries(deps, key, series, stored.get(key), now);
    states.set(key, outcome.record);
    anomalies.push(...outcome.anomalies);
    summary.scored += outcome.scored;
    summary.alreadyScored += outcome.alreadyScored;
    if (outcome.reset) summary.resetSeries.push(key);
    if (outcome.peak) {
      peaks.push({
        kind: 'anomaly_score',
        pipelineId: outcome.peak.point.pipelineId,
        value: outcome.peak.score,
        timestamp: new Date(outcome.peak.timestamp),
        labels: { signal: outcome.peak.point.metric },
      });
    }
  }
  summary.anomalies = anomalies.length;
  if (anomalies.length > 0) await deps.anomalies.saveAnomalies(anomalies);

  if (deps.customMetrics && peaks.length > 0) {
    try {
      await deps.customMetrics.write(peaks);
      summary.customMetricsWritten = peaks.length;
    } catch (error) {
      // A missing grant or a refused point must not stop monitoring; an outage repeats the tick.
      if (!(error instanceof PermanentStoreError)) throw error;
      summary.customMetricsError = error.message;
      deps.logger.log('ERROR', 'monitor: custom metrics refused', { error: error.message });
    }
  }

  await deps.state.commit({
    checkpoint: window.end,
    states,
    dropUpdatedBefore: new Date(now.getTime() - deps.settings.stateRetentionMs).toISOString(),
  });
  return summary;
}

async function nextWindow(deps: MonitorDependencies, now: Date): Promise<TimeWindow> {
  const checkpoint = await deps.state.readCheckpoint();
  const checkpointMs = checkpoint === null ? Number.NaN : Date.parse(checkpoint);
  const startMs = Number.isFinite(checkpointMs) ? checkpointMs - deps.settings.overlapMs : now.getTime() - deps.settings.initialLookbackMs;
  const endMs = Math.min(now.getTime(), startMs + deps.settings.maxWindowMs);
  return { start: new Date(startMs).toISOString(), end: new Date(Math.max(endMs, startMs)).toISOString() };
}

function groupBySeries(points: readonly MetricPoint[]): Map<string, MetricPoint[]> {
  const bySeries = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const key = seriesKey(point);
    const list = bySeries.get(key);
    if (list) list.push(point);
    else bySeries.set(key, [point]);
  }
  for (const list of bySeries.values()) list.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return bySeries;
}

function scoreSeries(deps: MonitorDependencies, key: string, series: readonly MetricPoint[], stored: SeriesStateRecord | undefined, now: Date): SeriesOutcome {
  let detector: SeriesDetector;
  let lastTimestamp = '';
  let reset = false;
  if (stored) {
    try {
      detector = deps.detectors.restore(stored.state);
      lastTimestamp = stored.lastTimestamp;
    } catch (error) {
      // A state this version cannot read is not worth stopping the monitor for: the series relearns.
      deps.logger.log('WARNING', 'monitor: series state unreadable, starting afresh', { series: key, error: error instanceof Error ? error.message : String(error) });
      detector = deps.detectors.create();
      reset = true;
    }
  } else {
    detector = deps.detectors.create();
  }
  const outcome: SeriesOutcome = { record: { state: null, lastTimestamp, updatedAt: now.toISOString() }, anomalies: [], scored: 0, alreadyScored: 0, reset };
  let previous = '';
  for (const point of series) {
    // Equal timestamps within one read are the same aligned point reported twice (pages overlap).
    if (point.timestamp <= lastTimestamp || point.timestamp === previous) {
      outcome.alreadyScored += 1;
      continue;
    }
    previous = point.timestamp;
    const result = detector.update({ timestampMs: Date.parse(point.timestamp), value: point.value });
    outcome.scored += 1;
    if (!outcome.peak || result.score >= outcome.peak.score) outcome.peak = { score: result.score, timestamp: point.timestamp, point };
    if (result.isAnomaly) {
      outcome.anomalies.push({
        anomalyId: pointIdOf(point),
        pipelineId: point.pipelineId,
        metric: point.metric,
        source: point.source,
        timestamp: point.timestamp,
        value: point.value,
        score: result.score,
        reasons: result.reasons,
        detectedAt: now.toISOString(),
      });
    }
    lastTimestamp = point.timestamp;
  }
  // The peak is published at the newest point's time, so each series' custom metric moves forward only.
  if (outcome.peak) outcome.peak = { ...outcome.peak, timestamp: lastTimestamp };
  outcome.record = { state: detector.toState(), lastTimestamp, updatedAt: now.toISOString() };
  return outcome;
}
