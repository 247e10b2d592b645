export interface DecisionCount {
  strategy: string;
  status: string;
  autonomy: string;
  dryRun: boolean;
  decisions: number;
}

export interface VerifiedOutcome {
  pipelineId: string;
  category: string;
  strategy: string;
  status: string;
  decidedAt: string;
  timeToRecoverMs: number | null;
  reason: string;
}

export interface RemediationReport {
  decisions: DecisionCount[];
  /** Settled actions, newest first: what worked, what failed, how long recovery took. */
  outcomes: VerifiedOutcome[];
}

/** Read side of remediation for `flexiroaster report`. */
export interface RemediationReportReader {
  readRemediationReport(options: { outcomes: number }): Promise<RemediationReport>;
}
