import { barChart, escapeHtml, lineChart, type LineSeries } from './svg-charts';

export type ViewRow = Record<string, string | number | boolean | null>;
/** Rows of each analytics view, by view name. */
export type ViewRows = Readonly<Record<string, readonly ViewRow[]>>;

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0));
const text = (value: unknown): string => (value === null || value === undefined ? '-' : String(value));
const day = (value: unknown): string => text(value).slice(0, 10);

function sumBy(rows: readonly ViewRow[], key: string, value: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(text(row[key]), (totals.get(text(row[key])) ?? 0) + num(row[value]));
  return totals;
}

function topBars(totals: Map<string, number>, limit = 12): Array<{ label: string; value: number }> {
  return [...totals.entries()].map(([label, value]) => ({ label, value })).sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1)).slice(0, limit);
}

function table(caption: string, headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(caption)}: no data yet.</p>`;
  const head = headers.map((header) => `<th scope="col">${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(typeof cell === 'number' ? formatCell(cell) : cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function formatCell(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(3);
}

function minutes(ms: unknown): string {
  if (ms === null || ms === undefined) return '-';
  const value = num(ms) / 60_000;
  return value < 120 ? `${value.toFixed(1)} min` : `${(value / 60).toFixed(1)} h`;
}

function section(id: string, title: string, question: string, body: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(title)}</h2><p class="question">${escapeHtml(question)}</p>${body}</section>`;
}

/** One line per pipeline of a per-day view's column, scaled (e.g. ×100 for percentages). */
function seriesBy(rows: readonly ViewRow[], column: string, scale = 1): LineSeries[] {
  const byPipeline = new Map<string, Array<{ x: string; y: number }>>();
  for (const row of rows) {
    const points = byPipeline.get(text(row.pipeline_id)) ?? [];
    points.push({ x: day(row.day), y: num(row[column]) * scale });
    byPipeline.set(text(row.pipeline_id), points);
  }
  return [...byPipeline.entries()].map(([name, points]) => ({ name, points }));
}

/**
 * The analytics views as one self-contained HTML page (inline CSS and SVG, no script, no external
 * resource): what the console's analytics page shows, for people who never deploy the console.
 */
export function renderHtmlReport(views: ViewRows, generatedAt: string, store: string): string {
  const rows = (name: string): readonly ViewRow[] => views[name] ?? [];
  const health = rows('v_pipeline_health_daily');
  const healthTotals = new Map<string, { runs: number; failed: number; p95: number }>();
  for (const row of health) {
    const current = healthTotals.get(text(row.pipeline_id)) ?? { runs: 0, failed: 0, p95: 0 };
    healthTotals.set(text(row.pipeline_id), { runs: current.runs + num(row.runs), failed: current.failed + num(row.failed_runs), p95: Math.max(current.p95, num(row.p95_duration_ms)) });
  }
  const signatures = [...rows('v_failure_signatures')].sort((a, b) => num(b.failed_runs) - num(a.failed_runs)).slice(0, 15);
  const remediation = [...rows('v_remediation_effectiveness')].sort((a, b) => num(b.decisions) - num(a.decisions));
  const mttr = rows('v_mttr_weekly');
  const anomalies = rows('v_anomalies_daily');
  const cost = rows('v_cost_daily');
  const learning = rows('v_knowledge_learning');

  const sections = [
    section(
      'health',
      'Pipeline health',
      'How healthy is each pipeline day by day?',
      lineChart('Failure rate per pipeline and day (%)', seriesBy(health, 'failure_rate', 100), '%') +
        table(
          'Runs per pipeline',
          ['pipeline', 'runs', 'failed runs', 'failure rate', 'worst p95 duration'],
          [...healthTotals.entries()].map(([pipeline, total]) => [pipeline, total.runs, total.failed, `${((100 * total.failed) / Math.max(total.runs, 1)).toFixed(1)}%`, minutes(total.p95)]),
        ),
    ),
    section('categories', 'Failures by category', 'Which kinds of failure hit the pipelines (failed runs)?', barChart('Failed runs by category', topBars(sumBy(rows('v_failures_by_category_daily'), 'category', 'failed_runs')))),
    section(
      'signatures',
      'Recurring failures',
      'Which canonical signatures recur, and since when?',
      table('Top signatures by failed runs', ['signature', 'template', 'category', 'failed runs', 'pipelines', 'first seen', 'last seen'], signatures.map((row) => [text(row.signature), text(row.template), text(row.category), num(row.failed_runs), num(row.pipelines), text(row.first_seen_at), text(row.last_seen_at)])),
    ),
    section(
      'remediation',
      'Remediation effectiveness',
      'Per strategy and category: decided, tried, verified, successful, time to recover.',
      table(
        'Remediation by strategy and category',
        ['strategy', 'category', 'decisions', 'tried', 'would have done', 'verified', 'succeeded', 'failed', 'mean time to recover', 'p90 time to recover'],
        remediation.map((row) => [text(row.strategy), text(row.category), num(row.decisions), num(row.tried), num(row.would_have_done), num(row.verified), num(row.succeeded), num(row.failed), minutes(row.mean_time_to_recover_ms), minutes(row.p90_time_to_recover_ms)]),
      ),
    ),
    section('mttr', 'Mean time to recover', 'Is recovery getting faster, week by week?', lineChart('Mean time to recover per week (minutes)', [{ name: 'mean time to recover', points: mttr.map((row) => ({ x: day(row.week), y: num(row.mean_time_to_recover_ms) / 60_000 })) }], ' min')),
    section(
      'risk',
      'Failure risk',
      'How risky were runs at their start, and how often did the policy warn or hold?',
      lineChart('Mean failure probability at run start per pipeline and day (%)', seriesBy(rows('v_risk_daily'), 'mean_failure_probability', 100), '%'),
    ),
    section('anomalies', 'Anomalies', 'How many anomalous runs and metric points per pipeline?', barChart('Anomalies per pipeline', topBars(sumBy(anomalies, 'pipeline_id', 'anomalies')))),
    section('cost', 'Cost', 'What does each pipeline cost in BigQuery?', barChart('GiB billed per pipeline', topBars(new Map([...sumBy(cost, 'pipeline_id', 'bytes_billed')].map(([key, value]) => [key, value / 2 ** 30]))), ' GiB') + barChart('Slot hours per pipeline', topBars(sumBy(cost, 'pipeline_id', 'slot_hours')), ' h')),
    section(
      'learning',
      'What the knowledge base learned',
      'Entries learned from verified fixes, per category.',
      table('Knowledge base learning', ['category', 'entries', 'learned from fixes', 'verified successes', 'verified failures', 'last learned'], learning.map((row) => [text(row.category), num(row.entries), num(row.learned_entries), num(row.verified_successes), num(row.verified_failures), text(row.last_learned_at)])),
    ),
  ];

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FlexiRoaster report</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 980px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #1a5fb4; }
.meta, .question { color: #3d3d3d; } svg text { font-size: 12px; fill: #1b1b1b; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.92rem; } caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; } th { background: #e8eef7; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.8rem; } .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; margin-right: 0.3rem; vertical-align: middle; }
.empty { font-style: italic; color: #3d3d3d; } nav a { margin-right: 0.8rem; color: #1a5fb4; }
</style>
</head>
<body>
<header><h1>FlexiRoaster report</h1><p class="meta">Generated ${escapeHtml(generatedAt)} from the ${escapeHtml(store)} store's analytics views.</p>
<nav aria-label="Sections"><a href="#health">Health</a><a href="#categories">Categories</a><a href="#signatures">Signatures</a><a href="#remediation">Remediation</a><a href="#mttr">MTTR</a><a href="#risk">Risk</a><a href="#anomalies">Anomalies</a><a href="#cost">Cost</a><a href="#learning">Learning</a></nav></header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
