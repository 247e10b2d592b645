import type { RunEvent, RunStatus } from '../../core/risk/run-events';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';

/**
 * The stored events as a run stream, in time order: a run starts at its first event and ends at its
 * last final event (failed, succeeded, cancelled); a run without a final event is still running.
 * What the risk model is retrained and replayed on until the runs table carries starts and ends.
 */
export async function readStoredRunEvents(database: DuckDbDatabase): Promise<RunEvent[]> {
  try {
    return await database.read(async (connection) => {
      const reader = await connection.runAndReadAll(
        `SELECT pipeline_id, run_id,
                epoch_ms(min(occurred_at)) AS started_ms,
                epoch_ms(max(occurred_at) FILTER (WHERE status IN ('failed', 'succeeded', 'cancelled'))) AS ended_ms,
                arg_max(status, occurred_at) FILTER (WHERE status IN ('failed', 'succeeded', 'cancelled')) AS final_status,
                arg_max(coalesce(signature_id, category), occurred_at) FILTER (WHERE status = 'failed') AS signature
           FROM pipeline_events
          GROUP BY pipeline_id, run_id`,
      );
      const events: RunEvent[] = [];
      for (const row of reader.getRowObjectsJS() as Array<Record<string, unknown>>) {
        const pipelineId = String(row.pipeline_id);
        const runId = String(row.run_id);
        const startedAt = Number(row.started_ms);
        events.push({ type: 'start', pipelineId, runId, at: startedAt });
        if (row.final_status !== null && row.final_status !== undefined) {
          const endedAt = Number(row.ended_ms);
          events.push({
            type: 'outcome',
            pipelineId,
            runId,
            at: endedAt,
            status: row.final_status as RunStatus,
            // A run seen in one event has no measured duration (its start was not logged).
            ...(endedAt > startedAt ? { durationS: (endedAt - startedAt) / 1000 } : {}),
            ...(typeof row.signature === 'string' ? { signature: row.signature } : {}),
          });
        }
      }
      // Starts before outcomes at the same instant: a one-event run is scored before it is learned from.
      return events.sort((a, b) => a.at - b.at || (a.type === b.type ? 0 : a.type === 'start' ? -1 : 1));
    });
  } catch (error) {
    throw toStoreError(error, 'reading stored runs from pipeline_events');
  }
}
