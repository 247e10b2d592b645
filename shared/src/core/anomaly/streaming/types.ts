/** One observation of one metric series; timestamps are epoch milliseconds (UTC). */
export interface StreamingPoint {
  timestampMs: number;
  value: number;
}

/** The detector's verdict on one point, computed from that point and the points before it only. */
export interface StreamingScore {
  /** 0..1; comparable across series, so one threshold serves them all. */
  score: number;
  isAnomaly: boolean;
  /** Empty unless the point is anomalous: what was unusual, against which baseline. */
  reasons: string[];
  /**
   * Set when the point's timestamp was before the previous point's: the value is still scored and learned
   * (the reading is real, its clock is not), at the previous point's time, so the stream never goes back.
   */
  warning?: { code: 'out_of_order'; message: string };
}
