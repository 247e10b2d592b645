import type { AnomalyVerdict } from '../anomaly/verdict-types';
import type { Classification } from '../domain/classification';
import type { ClassifiedEvent } from '../domain/pipeline-event';
import { runOfEvent } from './merge-run';
import { isFinal, type RunRecord } from './run-record';
import type { RunStore } from './run-store';

/** What the ingest path learned about the event's run: the run when this event ended it, and the verdict on it. */
export interface RunHealth {
  /** The run as stored after this event, when the event reported the run's latest final state; else null. */
  endedRun: RunRecord | null;
  verdict: AnomalyVerdict | null;
}

/** Scores a run that just reached a final state, from stored history; null when it cannot judge. */
export type RunScorer = (run: RunRecord) => Promise<AnomalyVerdict | null>;

/**
 * Folds each stored event into its run (pipeline_runs) and, when the event is the run's latest
 * final state, hands the run to the scorer. A reordered or redelivered older final event folds in
 * (harmlessly) but is not scored again as if the run had just ended.
 */
export class RunTracker {
  constructor(
    private readonly store: RunStore,
    private readonly scorer?: RunScorer,
  ) {}

  async observe(event: ClassifiedEvent, classification: Classification | null): Promise<RunHealth> {
    // A progress line that states no status and no telemetry would only move last_event_at: not worth a write.
    if (event.status === 'info' && event.telemetry === undefined) return { endedRun: null, verdict: null };
    const observation = runOfEvent(event, classification);
    await this.store.fold(observation);
    if (!isFinal(event.status)) return { endedRun: null, verdict: null };
    const run = await this.store.getRun(observation.runKey);
    if (run === null || !isFinal(run.status) || run.statusAt !== observation.statusAt) return { endedRun: null, verdict: null };
    return { endedRun: run, verdict: this.scorer ? await this.scorer(run) : null };
  }
}
