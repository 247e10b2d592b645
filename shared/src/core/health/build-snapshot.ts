import { median, medianAbsoluteDeviation, quantile } from '../anomaly/robust-statistics';
import type { RunRecord } from '../runs/run-record';
import { SNAPSHOT_WINDOWS, type PipelineSnapshot, type SnapshotInput, type SnapshotWindow, type WindowStats } from './snapshot-types';

const DAY = SNAPSHOT_WINDOWS['24h'];
const TOP = 5;
const SPIKE_MADS = 3.5;
const SPIKE_MIN_RATIO = 1.5;

function inWindow(runs: readonly RunRecord[], nowMs: number, windowMs: number): RunRecord[] {
  return runs.filter((run) => Date.parse(run.startedAt) > nowMs - windowMs);
}

function windowStats(runs: readonly RunRecord[]): WindowStats {
  const finished = runs.filter((run) => run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled');
  const failures = finished.filter((run) => run.status === 'failed').length;
  const durations = finished.flatMap((run) => (run.durationMs === null ? [] : [run.durationMs]));
  return {
    runs: runs.length,
    finished: finished.length,
    failures,
    failureRate: finished.length === 0 ? null : failures / finished.length,
    retries: runs.reduce((sum, run) => sum + run.retries, 0),
    retryFrequency: runs.length === 0 ? null : runs.filter((run) => run.retries > 0).length / runs.length,
    medianDurationMs: durations.length === 0 ? null : median(durations),
    p95DurationMs: durations.length === 0 ? null : quantile(durations, 0.95),
    bytesProcessed: runs.reduce((sum, run) => sum + (run.bytesProcessed ?? 0), 0),
    outputRows: runs.reduce((sum, run) => sum + (run.outputRows ?? 0), 0),
  };
}

function changePct(recent: number | null, baseline: number | null): number | null {
  if (recent === null || baseline === null || baseline === 0) return null;
  return Math.round(((recent - baseline) / baseline) * 1000) / 10;
}

function medianOf(values: number[]): number | null {
  return values.length === 0 ? null : median(values);
}

function throughput(recent: RunRecord[], baseline: RunRecord[]): PipelineSnapshot['throughputChange'] {
  const succeeded = (runs: RunRecord[]) => runs.filter((run) => run.status === 'succeeded');
  for (const measure of ['output_rows', 'bytes_processed'] as const) {
    const value = (run: RunRecord) => (measure === 'output_rows' ? run.outputRows : (run.bytesProcessed ?? run.outputBytes));
    const recentValues = succeeded(recent).flatMap((run) => (value(run) === null ? [] : [value(run) as number]));
    const baselineValues = succeeded(baseline).flatMap((run) => (value(run) === null ? [] : [value(run) as number]));
    if (recentValues.length > 0 || baselineValues.length > 0) {
      const recentPerRun = medianOf(recentValues);
      const baselinePerRun = medianOf(baselineValues);
      return { measure, recentPerRun, baselinePerRun, changePct: changePct(recentPerRun, baselinePerRun) };
    }
  }
  return { measure: null, recentPerRun: null, baselinePerRun: null, changePct: null };
}

function counted(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The monitoring snapshot of one pipeline at `now`, over sliding windows of 1 h, 24 h and 7 days. */
export function buildSnapshot(input: SnapshotInput, now: Date): PipelineSnapshot {
  const nowMs = now.getTime();
  const runs = [...input.runs].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
  const windows = Object.fromEntries(
    (Object.keys(SNAPSHOT_WINDOWS) as SnapshotWindow[]).map((name) => [name, windowStats(inWindow(runs, nowMs, SNAPSHOT_WINDOWS[name]))]),
  ) as Record<SnapshotWindow, WindowStats>;
  const recent = inWindow(runs, nowMs, DAY);
  const recentKeys = new Set(recent.map((run) => run.runKey));
  const earlier = runs.filter((run) => !recentKeys.has(run.runKey));
  const durations = (list: RunRecord[]) => list.filter((run) => run.status === 'succeeded' && run.durationMs !== null).map((run) => run.durationMs as number);
  const recentMedianMs = medianOf(durations(recent));
  const baselineMedianMs = medianOf(durations(earlier));

  const weekDurations = durations(runs);
  const weekMedian = medianOf(weekDurations);
  const weekMad = weekDurations.length === 0 ? 0 : medianAbsoluteDeviation(weekDurations);
  const latencySpikes =
    weekMedian === null || weekDurations.length < 5
      ? []
      : recent
          .filter((run) => run.durationMs !== null && run.durationMs > weekMedian * SPIKE_MIN_RATIO && run.durationMs - weekMedian > SPIKE_MADS * Math.max(weekMad, weekMedian * 0.05))
          .map((run) => ({ runId: run.runId, durationMs: run.durationMs as number, medianMs: weekMedian }));

  const failedRuns = runs.filter((run) => run.status === 'failed' || run.failedStages.length > 0 || run.errorSignatures.length > 0);
  const stageFailures = [...counted(failedRuns.flatMap((run) => run.failedStages))]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([stageId, count]) => ({ stageId, runs: count }));
  const lastSeen = new Map<string, string>();
  for (const run of failedRuns) for (const signature of run.errorSignatures) if ((lastSeen.get(signature) ?? '') < run.lastEventAt) lastSeen.set(signature, run.lastEventAt);
  const dominantErrorSignatures = [...counted(failedRuns.flatMap((run) => run.errorSignatures))]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([signature, count]) => ({ signature, runs: count, lastSeenAt: lastSeen.get(signature) as string }));
  const distinctErrorSignatures24h = new Set(recent.flatMap((run) => run.errorSignatures)).size;

  const lastRun = runs[0];
  const failuresLastHour = runs.filter((run) => run.status === 'failed' && run.endedAt !== null && Date.parse(run.endedAt) > nowMs - SNAPSHOT_WINDOWS['1h']).length;
  const failuresLastDay = runs.filter((run) => run.status === 'failed' && run.endedAt !== null && Date.parse(run.endedAt) > nowMs - DAY).length;
  const snapshot: PipelineSnapshot = {
    pipelineId: input.pipelineId,
    source: lastRun?.source ?? null,
    generatedAt: now.toISOString(),
    health: 'healthy',
    healthReasons: [],
    lastRun: lastRun ? { runId: lastRun.runId, status: lastRun.status, startedAt: lastRun.startedAt, endedAt: lastRun.endedAt, durationMs: lastRun.durationMs } : null,
    windows,
    failures: { lastHour: failuresLastHour, lastDay: failuresLastDay },
    timeSinceLastSuccessMs: input.lastSuccessAt === null ? null : Math.max(0, nowMs - Date.parse(input.lastSuccessAt)),
    durationTrend: { recentMedianMs, baselineMedianMs, changePct: changePct(recentMedianMs, baselineMedianMs) },
    throughputChange: throughput(recent, earlier),
    latencySpikes,
    stageFailures,
    dominantErrorSignatures,
    distinctErrorSignatures24h,
    resources: input.resources,
    openRemediation: input.openRemediation,
    anomalies: input.anomalies,
    risk: null,
    riskReason: 'failure-risk scoring (issue 8) is not wired in yet',
  };
  return withHealth(snapshot);
}

function withHealth(snapshot: PipelineSnapshot): PipelineSnapshot {
  const reasons: string[] = [];
  const day = snapshot.windows['24h'];
  if (snapshot.lastRun === null) return { ...snapshot, health: 'idle', healthReasons: ['no runs in the last 7 days'] };
  if (snapshot.lastRun.status === 'failed') reasons.push(`last run ${snapshot.lastRun.runId} failed`);
  if (day.failureRate !== null && day.failureRate >= 0.5 && day.failures >= 2) reasons.push(`${day.failures} of ${day.finished} runs failed in 24 h`);
  const failing = reasons.length > 0;
  if (snapshot.latencySpikes.length > 0) reasons.push(`${snapshot.latencySpikes.length} latency spike(s) in 24 h`);
  const recentAnomalies = snapshot.anomalies.filter((anomaly) => Date.parse(anomaly.detectedAt) > Date.parse(snapshot.generatedAt) - SNAPSHOT_WINDOWS['24h']);
  if (recentAnomalies.length > 0) reasons.push(`${recentAnomalies.length} anomalous run(s) in 24 h`);
  if (snapshot.openRemediation.length > 0) reasons.push(`${snapshot.openRemediation.length} remediation(s) open`);
  if (day.failures > 0 && !failing) reasons.push(`${day.failures} failed run(s) in 24 h`);
  return { ...snapshot, health: failing ? 'failing' : reasons.length > 0 ? 'degraded' : 'healthy', healthReasons: reasons };
}
