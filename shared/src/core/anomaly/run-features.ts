import type { RunRecord } from '../runs/run-record';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The feature vector the Isolation Forest sees for one run, in FEATURE_NAMES order; NaN = not measured. */
export const FEATURE_NAMES = [
  'execution time (ms)',
  'data volume',
  'failures in the last hour',
  'CPU %',
  'memory %',
  'retries',
  'error-pattern score',
] as const;

/** CPU and memory during a run, when Cloud Monitoring reported them for the pipeline (pipeline_metrics). */
export interface RunResources {
  cpuPercent: number | null;
  memoryPercent: number | null;
}

/** Rows written, else bytes processed, else bytes loaded: the run's data volume as its log states it. */
export function volumeOf(run: RunRecord): number | null {
  return run.outputRows ?? run.bytesProcessed ?? run.outputBytes;
}

/** Failed runs of the pipeline that ended in the hour before `at` (the run itself counted by the caller). */
export function failuresInHourBefore(runs: readonly RunRecord[], at: string): number {
  const end = Date.parse(at);
  return runs.filter((run) => run.status === 'failed' && run.endedAt !== null && Date.parse(run.endedAt) <= end && Date.parse(run.endedAt) > end - HOUR).length;
}

/** Distinct failure signatures among the pipeline's runs that ended in the day up to `at`. */
export function distinctSignaturesInDayBefore(runs: readonly RunRecord[], at: string): number {
  const end = Date.parse(at);
  const signatures = new Set<string>();
  for (const run of runs) {
    if (run.endedAt === null || Date.parse(run.endedAt) > end || Date.parse(run.endedAt) <= end - DAY) continue;
    for (const signature of run.errorSignatures) signatures.add(signature);
  }
  return signatures.size;
}

/**
 * One run's features, each computed only from that run and the runs that ended before it: the same
 * rule for the scored run and for every history row, so the model never sees the future.
 */
export function runFeatures(run: RunRecord, earlier: readonly RunRecord[], resources: RunResources | null): number[] {
  const at = run.endedAt ?? run.lastEventAt;
  const ownFailure = run.status === 'failed' ? 1 : 0;
  return [
    run.durationMs ?? Number.NaN,
    volumeOf(run) ?? Number.NaN,
    failuresInHourBefore(earlier, at) + ownFailure,
    resources?.cpuPercent ?? Number.NaN,
    resources?.memoryPercent ?? Number.NaN,
    run.retries,
    distinctSignaturesInDayBefore([...earlier, run], at),
  ];
}
