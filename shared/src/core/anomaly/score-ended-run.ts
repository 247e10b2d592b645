import type { Clock } from '../ports/clock';
import type { RunRecord } from '../runs/run-record';
import type { RunHistoryReader } from '../runs/run-store';
import type { RunScorer } from '../runs/track-runs';
import type { RunResources } from './run-features';
import { judgeRun, type OutlierModel, type VerdictContext } from './verdict';
import type { AnomalyVerdict } from './verdict-types';

/** anomalies: the verdict of each run found anomalous, replaced when the run ends again (a retried DAG run). */
export interface AnomalyStore {
  save(run: RunRecord, verdict: AnomalyVerdict, scoredAt: string): Promise<void>;
}

/** CPU and memory of the pipeline over the run's time span, from pipeline_metrics; null when none were stored. */
export interface RunResourceReader {
  resourcesDuring(pipelineId: string, from: string, to: string): Promise<RunResources | null>;
}

export interface RunScorerDependencies {
  history: RunHistoryReader;
  anomalies: AnomalyStore;
  clock: Clock;
  resources?: RunResourceReader;
  outlier?: OutlierModel;
  /** Earlier runs read as the baseline; the newest this many. */
  historyLimit?: number;
  options?: VerdictContext['options'];
}

export const DEFAULT_HISTORY_LIMIT = 200;

/** Judges a run that just ended from the runs that ended before it, and stores the verdict when anomalous. */
export function anomalyScorer(deps: RunScorerDependencies): RunScorer {
  return async (run) => {
    if (run.endedAt === null) return null;
    const history = await deps.history.runsEndedBefore(run.pipelineId, run.endedAt, deps.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    const resources = deps.resources ? await deps.resources.resourcesDuring(run.pipelineId, run.startedAt, run.endedAt) : null;
    const verdict = judgeRun(run, history, {
      resources,
      ...(deps.outlier ? { outlier: deps.outlier } : {}),
      ...(deps.options ? { options: deps.options } : {}),
    });
    if (verdict.isAnomaly) await deps.anomalies.save(run, verdict, deps.clock.now().toISOString());
    return verdict;
  };
}
