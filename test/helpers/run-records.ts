import type { PipelineStatus } from '../../shared/src/core/domain/pipeline-event';
import { type RunRecord, runKeyOf } from '../../shared/src/core/runs/run-record';

/** A finished run of pipeline `pipelineId` that started at `startedAt` and took `durationMs`. */
export function finishedRun(runId: string, startedAt: string, durationMs: number, overrides: Partial<RunRecord> = {}): RunRecord {
  const pipelineId = overrides.pipelineId ?? 'orders_daily';
  const source = overrides.source ?? 'composer';
  const status: PipelineStatus = overrides.status ?? 'succeeded';
  const endedAt = new Date(Date.parse(startedAt) + durationMs).toISOString();
  return {
    runKey: runKeyOf(source, pipelineId, runId),
    source,
    pipelineId,
    runId,
    status,
    statusAt: endedAt,
    firstEventAt: new Date(Date.parse(startedAt)).toISOString(),
    lastEventAt: endedAt,
    startedAt: new Date(Date.parse(startedAt)).toISOString(),
    endedAt,
    durationMs,
    bytesProcessed: null,
    bytesBilled: null,
    slotMs: null,
    outputRows: null,
    outputBytes: null,
    retries: 0,
    failedStages: [],
    errorSignatures: [],
    ...overrides,
  };
}

/** One run a day at `hour` UTC for `days` days before `until` (exclusive), each `durationMs` long (or from the function). */
export function dailyRuns(until: string, days: number, hour: number, duration: number | ((day: number) => number), overrides: (day: number) => Partial<RunRecord> = () => ({})): RunRecord[] {
  const end = Date.parse(until);
  const runs: RunRecord[] = [];
  for (let day = days; day >= 1; day -= 1) {
    const start = new Date(end - day * 86_400_000);
    start.setUTCHours(hour, 0, 0, 0);
    const ms = typeof duration === 'number' ? duration : duration(day);
    runs.push(finishedRun(`run-${start.toISOString().slice(0, 13)}`, start.toISOString(), ms, overrides(day)));
  }
  return runs;
}
