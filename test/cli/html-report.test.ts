import { renderHtmlReport } from '../../cli/html-report/render-report';
import { barChart, escapeHtml, lineChart } from '../../cli/html-report/svg-charts';

const VIEWS = {
  v_pipeline_health_daily: [
    { day: '2026-11-30T00:00:00.000Z', pipeline_id: 'sales_daily', source: 'composer', runs: 4, succeeded_runs: 3, failed_runs: 1, failure_rate: 0.25, p50_duration_ms: 600_000, p95_duration_ms: 11_520_000, retries: 2 },
    { day: '2026-12-01T00:00:00.000Z', pipeline_id: 'sales_daily', source: 'composer', runs: 2, succeeded_runs: 2, failed_runs: 0, failure_rate: 0, p50_duration_ms: 500_000, p95_duration_ms: 700_000, retries: 0 },
  ],
  v_failures_by_category_daily: [{ day: '2026-11-30T00:00:00.000Z', pipeline_id: 'sales_daily', source: 'composer', category: 'memory_leak', failed_events: 3, failed_runs: 1 }],
  v_failure_signatures: [{ signature: 'sig_X', template: 'Task exited with <script>alert(1)</script>', category: 'memory_leak', failed_events: 3, failed_runs: 1, pipelines: 1, first_seen_at: '2026-11-30T02:00:00.000Z', last_seen_at: '2026-11-30T02:00:00.000Z' }],
  v_remediation_effectiveness: [{ strategy: 'clear_failed_airflow_tasks', category: 'memory_leak', decisions: 1, tried: 0, would_have_done: 1, refused: 0, verified: 0, succeeded: 0, failed: 0, mean_time_to_recover_ms: null, p90_time_to_recover_ms: null }],
};

describe('flexiroaster report --html rendering', () => {
  const html = renderHtmlReport(VIEWS, '2026-12-03T10:00:00.000Z', 'embedded (.flexiroaster/demo.duckdb)');

  it('is one self-contained page: no script, no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*"(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('draws the failure-rate chart with its numbers and the tables, escaping stored text', () => {
    expect(html).toContain('<title id="c-failure-rate-per-pipeline-and-day-t">Failure rate per pipeline and day (%)</title>');
    expect(html).toContain('sales_daily: 2026-11-30 25%, 2026-12-01 0%');
    expect(html).toContain('<td>clear_failed_airflow_tasks</td>');
    expect(html).toContain('Task exited with &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<td>3.2 h</td>');
  });

  it('says a chart has no data instead of drawing an empty one', () => {
    expect(html).toContain('Mean time to recover per week (minutes): no data yet.');
  });

  it('labels every chart for screen readers and orders bars as given', () => {
    const chart = barChart('Failed runs by category', [{ label: 'memory_leak', value: 3 }, { label: 'network_timeout', value: 1 }]);
    expect(chart).toMatch(/role="img" aria-labelledby="c-failed-runs-by-category-t c-failed-runs-by-category-d"/);
    expect(chart.indexOf('memory_leak')).toBeLessThan(chart.indexOf('network_timeout'));
    expect(lineChart('x', [])).toContain('no data yet');
    expect(escapeHtml(`"<&>'`)).toBe('&quot;&lt;&amp;&gt;&#39;');
  });
});
