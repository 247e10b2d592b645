import { mulberry32 } from '../../shared/src/core/forest/seeded-random';
import type { RunEvent, RunOutcome, RunStart } from '../../shared/src/core/risk/run-events';

export interface SyntheticStreamOptions {
  pipelines: number;
  days: number;
  runsPerDay: number;
  seed: number;
}

/**
 * A deterministic run stream with structure a risk model can learn: each pipeline has its own
 * failure rate, failures come in streaks (a failed run makes the next one likely to fail), runs by
 * user "u-risky" fail more, and one pipeline ("broken") fails every run after day 1.
 */
export function syntheticRunStream(options: SyntheticStreamOptions): RunEvent[] {
  const random = mulberry32(options.seed);
  const events: Array<RunEvent & { order: number }> = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const base = Array.from({ length: options.pipelines }, (_, i) => (i % 5 === 0 ? 0.2 : 0.02));
  const lastFailed = new Array<boolean>(options.pipelines).fill(false);
  let order = 0;
  for (let day = 0; day < options.days; day += 1) {
    for (let k = 0; k < options.runsPerDay; k += 1) {
      for (let p = 0; p <= options.pipelines; p += 1) {
        const broken = p === options.pipelines;
        const pipelineId = broken ? 'broken' : `pipe-${p}`;
        const at = start + day * 86_400_000 + ((k + 0.5) / options.runsPerDay) * 86_400_000 + p * 1000;
        const user = p % 3 === 0 ? 'u-risky' : 'u-steady';
        const stages = 3 + (p % 7);
        const runId = `${pipelineId}-${day}-${k}`;
        let failProbability = broken ? (day >= 1 ? 1 : 0.05) : (base[p] as number) + (lastFailed[p] ? 0.5 : 0) + (user === 'u-risky' ? 0.05 : 0);
        failProbability = Math.min(1, failProbability);
        const failed = random() < failProbability;
        if (!broken) lastFailed[p] = failed;
        const runStart: RunStart = { type: 'start', pipelineId, runId, at, features: { stageCount: stages }, context: { user } };
        const durationS = 600 + random() * 60 + (failed ? 300 : 0);
        const outcome: RunOutcome = { type: 'outcome', pipelineId, runId, at: at + durationS * 1000, status: failed ? 'failed' : 'succeeded', durationS };
        events.push({ ...runStart, order: order++ }, { ...outcome, order: order++ });
      }
    }
  }
  return events.sort((a, b) => a.at - b.at || a.order - b.order).map(({ order: _order, ...event }) => event as RunEvent);
}

/** JSONL with ISO timestamps, as `flexiroaster risk` reads it. */
export function toJsonLines(events: readonly RunEvent[]): string {
  return events.map((event) => JSON.stringify({ ...event, at: new Date(event.at).toISOString() })).join('\n') + '\n';
}
