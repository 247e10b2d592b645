import type { EventTelemetry } from '../domain/run-telemetry';
import { type JsonRecord, recordAt } from './json';
import { compactTelemetry, countOf, instantOf } from './telemetry-values';

/**
 * Job statistics in the three shapes BigQuery logs them:
 * - BigQueryAuditMetadata (new): job.jobStats {createTime, startTime, endTime, totalSlotMs,
 *   queryStats {totalProcessedBytes, totalBilledBytes, outputRowCount}, loadStats {totalOutputBytes}};
 * - AuditData (old): job.jobStatistics {startTime, endTime, totalProcessedBytes, totalBilledBytes,
 *   totalSlotMs, queryOutputRowCount, totalLoadOutputBytes};
 * - REST Job (re-exported): job.statistics {startTime, endTime as epoch ms, totalSlotMs,
 *   query {totalBytesProcessed, totalBytesBilled}, load {outputRows, outputBytes}}.
 */
export function readJobStats(job: JsonRecord): EventTelemetry | undefined {
  const stats = recordAt(job, 'jobStats') ?? recordAt(job, 'jobStatistics') ?? recordAt(job, 'statistics');
  if (stats === undefined) return undefined;
  const query = recordAt(stats, 'queryStats') ?? recordAt(stats, 'query');
  const load = recordAt(stats, 'loadStats') ?? recordAt(stats, 'load');
  return compactTelemetry({
    // startTime is when the job began executing; createTime includes time queued for slots.
    startedAt: instantOf(stats.startTime) ?? instantOf(stats.createTime),
    endedAt: instantOf(stats.endTime),
    bytesProcessed: countOf(query?.totalProcessedBytes) ?? countOf(query?.totalBytesProcessed) ?? countOf(stats.totalProcessedBytes),
    bytesBilled: countOf(query?.totalBilledBytes) ?? countOf(query?.totalBytesBilled) ?? countOf(stats.totalBilledBytes),
    slotMs: countOf(stats.totalSlotMs) ?? countOf(query?.totalSlotMs),
    outputRows: countOf(query?.outputRowCount) ?? countOf(stats.queryOutputRowCount) ?? countOf(load?.outputRows),
    outputBytes: countOf(load?.totalOutputBytes) ?? countOf(stats.totalLoadOutputBytes) ?? countOf(load?.outputBytes),
  });
}
