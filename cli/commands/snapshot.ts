import { formatBytes, formatDuration } from '../../shared/src/core/health/format-duration';
import type { SnapshotService } from '../../shared/src/core/health/snapshot-service';
import type { PipelineSnapshot } from '../../shared/src/core/health/snapshot-types';
import { formatTable } from '../format-table';
import type { Command } from '../io';

const percent = (value: number | null): string => (value === null ? '-' : `${Math.round(value * 100)}%`);
const duration = (value: number | null): string => (value === null ? '-' : formatDuration(value));
const change = (value: number | null): string => (value === null ? '-' : `${value > 0 ? '+' : ''}${value}%`);

export function renderSnapshot(snapshot: PipelineSnapshot): string {
  const { windows } = snapshot;
  const lines = [
    `${snapshot.pipelineId} (${snapshot.source ?? 'unknown source'}): ${snapshot.health}${snapshot.healthReasons.length > 0 ? ` — ${snapshot.healthReasons.join('; ')}` : ''}`,
    snapshot.lastRun
      ? `last run ${snapshot.lastRun.runId}: ${snapshot.lastRun.status}, started ${snapshot.lastRun.startedAt}, took ${duration(snapshot.lastRun.durationMs)}`
      : 'no runs in the last 7 days',
    `time since last success: ${duration(snapshot.timeSinceLastSuccessMs)}; failures last hour ${snapshot.failures.lastHour}, last day ${snapshot.failures.lastDay}`,
    '',
    formatTable(
      ['window', 'runs', 'failures', 'failure rate', 'retries', 'retry freq', 'median', 'p95', 'bytes', 'rows'],
      (['1h', '24h', '7d'] as const).map((name) => {
        const stats = windows[name];
        return [name, stats.runs, stats.failures, percent(stats.failureRate), stats.retries, percent(stats.retryFrequency), duration(stats.medianDurationMs), duration(stats.p95DurationMs), formatBytes(stats.bytesProcessed), stats.outputRows];
      }),
    ),
    '',
    `duration trend: ${duration(snapshot.durationTrend.recentMedianMs)} (24 h) vs ${duration(snapshot.durationTrend.baselineMedianMs)} (6 days before), ${change(snapshot.durationTrend.changePct)}`,
    `throughput change (${snapshot.throughputChange.measure ?? 'no volume logged'}): ${snapshot.throughputChange.recentPerRun ?? '-'} vs ${snapshot.throughputChange.baselinePerRun ?? '-'} per run, ${change(snapshot.throughputChange.changePct)}`,
    `latency spikes (24 h): ${snapshot.latencySpikes.length === 0 ? 'none' : snapshot.latencySpikes.map((spike) => `${spike.runId} ${formatDuration(spike.durationMs)} vs median ${formatDuration(spike.medianMs)}`).join('; ')}`,
    `CPU: ${snapshot.resources.cpuPercent ?? '-'}%, memory: ${snapshot.resources.memoryPercent ?? '-'}%${snapshot.resources.reasons.length > 0 ? ` (${snapshot.resources.reasons.join('; ')})` : ''}`,
    `risk: ${snapshot.risk === null ? `- (${snapshot.riskReason ?? 'not scored'})` : snapshot.risk.score.toFixed(2)}`,
    '',
    'Stage failures (7 d)',
    formatTable(['stage', 'runs'], snapshot.stageFailures.map((row) => [row.stageId, row.runs])),
    '',
    `Dominant error signatures (7 d; ${snapshot.distinctErrorSignatures24h} distinct in 24 h)`,
    formatTable(['signature', 'runs', 'last seen'], snapshot.dominantErrorSignatures.map((row) => [row.signature, row.runs, row.lastSeenAt])),
    '',
    'Anomalies (7 d)',
    formatTable(['run', 'detected', 'score', 'reasons'], snapshot.anomalies.map((row) => [row.runId, row.detectedAt, row.score.toFixed(2), row.reasons.join('; ')])),
    '',
    'Open remediation',
    formatTable(['strategy', 'status', 'run', 'decided', 'reason'], snapshot.openRemediation.map((row) => [row.strategy, row.status, row.runId, row.decidedAt, row.reason])),
  ];
  return lines.join('\n');
}

export function createSnapshotCommand(open: () => Promise<{ snapshots: SnapshotService; close(): Promise<void> }>): Command {
  return async (args, io) => {
    const pipelineId = args.find((arg) => !arg.startsWith('--'));
    if (pipelineId === undefined) {
      io.stderr.write('usage: flexiroaster snapshot PIPELINE [--json]\n');
      return 2;
    }
    const { snapshots, close } = await open();
    try {
      const snapshot = await snapshots.snapshot(pipelineId);
      if (snapshot === null) {
        io.stderr.write(`no runs stored for pipeline "${pipelineId}"\n`);
        return 1;
      }
      io.stdout.write(args.includes('--json') ? `${JSON.stringify(snapshot)}\n` : `${renderSnapshot(snapshot)}\n`);
      return 0;
    } finally {
      await close();
    }
  };
}
