import { errorHeadline } from '../../shared/src/core/domain/error-headline';
import type { EventReport, ReportReader } from '../../shared/src/core/ports/report-reader';
import { formatTable } from '../format-table';
import type { Command } from '../io';

export function renderReport(report: EventReport): string {
  return [
    `FlexiRoaster report — ${report.totalEvents} stored events`,
    '',
    'Events by source and status',
    formatTable(['source', 'status', 'events'], report.bySourceAndStatus.map((row) => [row.source, row.status, row.events])),
    '',
    'Top failing pipelines',
    formatTable(
      ['source', 'pipeline', 'failures', 'last failure', 'last error'],
      report.topFailingPipelines.map((row) => [row.source, row.pipelineId, row.failures, row.lastFailureAt, errorHeadline(row.lastError)]),
    ),
    '',
    'Failure categories',
    formatTable(['category', 'events'], report.categories.map((row) => [row.category, row.events])),
    '',
    'Rejected inputs',
    formatTable(['reason', 'inputs', 'example'], report.rejected.map((row) => [row.reason, row.inputs, row.example])),
  ].join('\n');
}

export function createReportCommand(openReader: () => Promise<{ reader: ReportReader; close(): Promise<void> }>): Command {
  return async (args, io) => {
    const asJson = args.includes('--json');
    const { reader, close } = await openReader();
    try {
      const report = await reader.readReport({ topPipelines: 10 });
      io.stdout.write(asJson ? `${JSON.stringify(report)}\n` : `${renderReport(report)}\n`);
      return 0;
    } finally {
      await close();
    }
  };
}
