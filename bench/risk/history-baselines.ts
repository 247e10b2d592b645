import type { RunEvent } from '../../shared/src/core/risk/run-events';

/**
 * The job-runs README's two reference predictors, computed from the same stream in stream order:
 * the pipeline's failure share among its last 5 known outcomes, and its last known outcome. "Known"
 * means succeeded or failed (cancellations say nothing about failing; counting them as successes
 * gives AUC 0.893 instead of the README's 0.916). A pipeline with no known outcome gets the overall
 * failure share so far.
 */
export class HistoryBaselines {
  private readonly recent = new Map<string, number[]>();
  private failures = 0;
  private decided = 0;

  predict(pipelineId: string): { lastFive: number; lastOne: number } {
    const outcomes = this.recent.get(pipelineId);
    if (!outcomes || outcomes.length === 0) {
      const fallback = this.decided > 0 ? this.failures / this.decided : 0;
      return { lastFive: fallback, lastOne: fallback };
    }
    return { lastFive: outcomes.reduce((a, b) => a + b, 0) / outcomes.length, lastOne: outcomes[outcomes.length - 1] as number };
  }

  learn(event: RunEvent): void {
    if (event.type !== 'outcome' || event.status === 'cancelled') return;
    const failed = event.status === 'failed' ? 1 : 0;
    let outcomes = this.recent.get(event.pipelineId);
    if (!outcomes) {
      outcomes = [];
      this.recent.set(event.pipelineId, outcomes);
    }
    outcomes.push(failed);
    if (outcomes.length > 5) outcomes.shift();
    this.decided += 1;
    this.failures += failed;
  }
}
