/** How far a tick reads; every duration in milliseconds. */
export interface MonitorSettings {
  /**
   * Re-read this much before the checkpoint: Cloud Monitoring makes Dataflow points visible up to
   * 240 s after sampling, so a window that ended "now" may still gain points. Re-read points are
   * deduplicated by the store and never fed to a detector twice.
   */
  overlapMs: number;
  /** The first tick (no checkpoint yet) reads this far back. */
  initialLookbackMs: number;
  /** One tick reads at most this much; after an outage the monitor catches up over several ticks. */
  maxWindowMs: number;
  /** Series not updated for this long lose their detector state (jobs that no longer run). */
  stateRetentionMs: number;
}

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
  overlapMs: 10 * 60_000,
  initialLookbackMs: 60 * 60_000,
  maxWindowMs: 6 * 60 * 60_000,
  stateRetentionMs: 14 * 24 * 60 * 60_000,
};
