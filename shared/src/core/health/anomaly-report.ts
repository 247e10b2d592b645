import type { StoredAnomaly } from './snapshot-types';

/** The report's view of stored anomaly verdicts: the most recent, newest first. */
export interface AnomalyReportReader {
  recentAnomalies(limit: number): Promise<StoredAnomaly[]>;
}
