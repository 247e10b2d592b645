import { errorHeadline } from '../../shared/src/core/domain/error-headline';
import type { EventReport, ReportReader } from '../../shared/src/core/ports/report-reader';
import type { RemediationReport, RemediationReportReader } from '../../shared/src/core/ports/remediation-report-reader';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ANALYTICS_VIEWS } from '../../shared/src/core/analytics/views';
import type { AnomalyReportReader } from '../../shared/src/core/health/anomaly-report';
import type { StoredAnomaly } from '../../shared/src/core/health/snapshot-types';
import { formatTable } from '../format-table';
import { renderHtmlReport, type ViewRow } from '../html-report/render-report';
import type { Command } from '../io';

function formatDuration(milliseconds: number | null): string {
  if (milliseconds === null) return '-';
  const minutes = Math.round(milliseconds / 60_000);
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

export function renderRemediation(report: RemediationReport): string {
  return [
    'Remediation decisions',
    formatTable(
      ['strategy', 'status', 'autonomy', 'dry run', 'decisions'],
      report.decisions.map((row) => [row.strategy, row.status, row.autonomy, row.dryRun ? 'yes' : 'no', row.decisions]),
    ),
    '',
    'Verified outcomes',
    formatTable(
      ['pipeline', 'category', 'strategy', 'outcome', 'time to recover', 'why'],
      report.outcomes.map((row) => [row.pipelineId, row.category, row.strategy, row.status, formatDuration(row.timeToRecoverMs), row.reason]),
    ),
  ].join('\n');
}

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

export function renderAnomalies(anomalies: readonly StoredAnomaly[]): string {
  if (anomalies.length === 0) return 'Anomalous runs\n(none)';
  // Reasons are sentences with their baselines; a table cell would cut them short.
  const lines = anomalies.flatMap((row) => [
    `${row.pipelineId}  run ${row.runId}  ended ${row.detectedAt}  score ${row.score.toFixed(2)}`,
    ...row.reasons.map((reason) => `  - ${reason}`),
  ]);
  return ['Anomalous runs', ...lines].join('\n');
}

/** The analytics views of the chosen store, for `report --html`. */
export interface AnalyticsViewSource {
  readonly store: string;
  rows(view: string): Promise<ViewRow[]>;
}

export interface ReportSources {
  reader: ReportReader;
  remediation?: RemediationReportReader;
  /** Stored anomaly verdicts (issue 7); absent where the store has no reader for them yet. */
  anomalies?: AnomalyReportReader;
  views?: AnalyticsViewSource;
  close(): Promise<void>;
}

function htmlTarget(args: readonly string[]): { path: string | undefined; error?: string } {
  const index = args.findIndex((arg) => arg === '--html' || arg.startsWith('--html='));
  if (index === -1) return { path: undefined };
  const arg = args[index] as string;
  const path = arg.startsWith('--html=') ? arg.slice('--html='.length) : args[index + 1];
  return path === undefined || path === '' || path.startsWith('--') ? { path: undefined, error: '--html needs a FILE' } : { path };
}

async function writeHtmlReport(views: AnalyticsViewSource, path: string): Promise<void> {
  const rows: Record<string, ViewRow[]> = {};
  for (const view of ANALYTICS_VIEWS) rows[view.name] = await views.rows(view.name);
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFile(path, renderHtmlReport(rows, new Date().toISOString(), views.store), 'utf8');
}

export function createReportCommand(openReader: () => Promise<ReportSources>): Command {
  return async (args, io) => {
    const asJson = args.includes('--json');
    const html = htmlTarget(args);
    if (html.error !== undefined) {
      io.stderr.write(`report: ${html.error}\nusage: flexiroaster report [--json] [--html FILE]\n`);
      return 2;
    }
    const { reader, remediation, anomalies, views, close } = await openReader();
    try {
      if (html.path !== undefined) {
        if (views === undefined) {
          io.stderr.write('report: --html reads the analytics views of the embedded store; on BigQuery query the v_* views (see README)\n');
          return 2;
        }
        await writeHtmlReport(views, html.path);
        io.stdout.write(`HTML report written to ${html.path}\n`);
        return 0;
      }
      const report = await reader.readReport({ topPipelines: 10 });
      const remediationReport = remediation ? await remediation.readRemediationReport({ outcomes: 15 }) : undefined;
      const anomalous = anomalies ? await anomalies.recentAnomalies(10) : undefined;
      if (asJson) {
        io.stdout.write(`${JSON.stringify({ ...report, ...(remediationReport ? { remediation: remediationReport } : {}), ...(anomalous ? { anomalies: anomalous } : {}) })}\n`);
      } else {
        const sections = [renderReport(report), ...(anomalous ? [renderAnomalies(anomalous)] : []), ...(remediationReport ? [renderRemediation(remediationReport)] : [])];
        io.stdout.write(`${sections.join('\n\n')}\n`);
      }
      return 0;
    } finally {
      await close();
    }
  };
}
