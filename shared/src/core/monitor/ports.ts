import type { MetricSourceService } from '../metrics/metric-point';

/** The verdict of a streaming detector on one point, from that point and the ones before it only. */
export interface SeriesScore {
  score: number;
  isAnomaly: boolean;
  reasons: string[];
}

/** One series' online detector (the streaming detector of core/anomaly/streaming). */
export interface SeriesDetector {
  update(point: { timestampMs: number; value: number }): SeriesScore;
  /** Plain JSON whose size is fixed by the detector's configuration, not by the series' length. */
  toState(): unknown;
}

/** Makes a fresh detector for a new series and restores one from its persisted state. */
export interface SeriesDetectorFactory {
  create(): SeriesDetector;
  /** Throws on a state it cannot read; the monitor then starts the series afresh and says so. */
  restore(state: unknown): SeriesDetector;
}

/** What the monitor keeps per series between ticks. */
export interface SeriesStateRecord {
  /** Detector state as JSON. */
  state: unknown;
  /** Newest point the detector has learned; older or equal points are never fed again. */
  lastTimestamp: string;
  updatedAt: string;
}

/**
 * Monitor state between ticks: the checkpoint (end of the last completed window) and one detector
 * state per series. commit writes both together after a tick; nothing is written before, so a tick
 * that fails is simply repeated. Series not updated for the retention period are dropped, which
 * bounds the state by the number of live series.
 */
export interface MonitorStateStore {
  readCheckpoint(): Promise<string | null>;
  readSeriesStates(keys: readonly string[]): Promise<Map<string, SeriesStateRecord>>;
  commit(update: { checkpoint: string; states: ReadonlyMap<string, SeriesStateRecord>; dropUpdatedBefore: string }): Promise<void>;
}

/** One anomalous metric point, as `metric_anomalies` stores it. */
export interface MetricAnomaly {
  /** The point's id (pipeline, metric, timestamp): one anomaly per point, however often it is re-read. */
  anomalyId: string;
  pipelineId: string;
  metric: string;
  source: MetricSourceService;
  timestamp: string;
  value: number;
  score: number;
  reasons: string[];
  detectedAt: string;
}

export interface MetricAnomalyStore {
  saveAnomalies(anomalies: readonly MetricAnomaly[]): Promise<void>;
}
