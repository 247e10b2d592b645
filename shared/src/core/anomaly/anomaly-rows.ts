import { createHash } from 'node:crypto';
import type { RunRecord } from '../runs/run-record';
import type { AnomalyRow } from '../schema/tables';
import type { AnomalyVerdict } from './verdict-types';

/** One anomalies row per (run, final end): a redelivered end gives the same id, a later end of the run a new one. */
export function toAnomalyRow(run: RunRecord, verdict: AnomalyVerdict, scoredAt: string): AnomalyRow {
  const detectedAt = run.endedAt ?? run.lastEventAt;
  return {
    anomaly_id: createHash('sha256').update(`${run.runKey}\n${detectedAt}`).digest('hex').slice(0, 32),
    run_key: run.runKey,
    source: run.source,
    pipeline_id: run.pipelineId,
    run_id: run.runId,
    detected_at: detectedAt,
    score: verdict.score,
    reasons: verdict.reasons,
    kinds: [...new Set(verdict.findings.map((finding) => finding.kind))],
    detectors: JSON.stringify(verdict.detectors),
    scored_at: scoredAt,
  };
}
