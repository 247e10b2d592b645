/** What a finding says was unusual; the remediation planner keys its anomaly playbooks on these. */
export const FINDING_KINDS = [
  'latency_spike',
  'throughput_drop',
  'retry_burst',
  'failure_spike',
  'new_signature',
  'high_cpu',
  'high_memory',
  'outlier',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One thing a detector found unusual, said against the baseline it was compared with. */
export interface Finding {
  kind: FindingKind;
  /** Which detector found it, e.g. "robust_zscore", "retry_burst", "isolation_forest". */
  detector: string;
  /** How unusual, 0..1. */
  score: number;
  /** "duration 3h12m vs median 41m over the last 30 runs at 14:00 UTC, 7.4 MADs". */
  reason: string;
}

export interface DetectorResult {
  /** 0..1; 0 when the detector saw nothing unusual. */
  score: number;
  fired: boolean;
  /** Why the detector did not judge (too little history, no value logged...), when it did not. */
  skipped?: string;
  /** The baseline it compared against, for people: e.g. "median 41m, MAD 3m over 30 runs at 14:00 UTC". */
  baseline?: string;
}

/** The verdict on one run: the shape the issue asks for, plus the findings the planner reads. */
export interface AnomalyVerdict {
  isAnomaly: boolean;
  score: number;
  reasons: string[];
  detectors: Record<string, DetectorResult>;
  findings: Finding[];
}
