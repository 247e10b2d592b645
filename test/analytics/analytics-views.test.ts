import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'node-sql-parser';
import { DuckDbAnalyticsViews } from '../../shared/src/adapters/duckdb/duckdb-analytics-views';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbCoordinationStore } from '../../shared/src/adapters/coordination/duckdb-coordination-store';
import { ANALYTICS_VIEWS, LOCAL_REMEDIATION_ACTIONS_TABLE } from '../../shared/src/core/analytics/views';
import { REMEDIATION_ACTIONS_TABLE } from '../../shared/src/core/remediation/remediation-record';
import { toDuckDbDdl } from '../../shared/src/core/schema/duckdb-ddl';
import { TABLES, type TableDefinition } from '../../shared/src/core/schema/tables';

type Row = Record<string, string | number | boolean | null>;

const TABLE_BY_NAME = new Map<string, TableDefinition>([
  ...TABLES.map((table) => [table.name, table] as const),
  [LOCAL_REMEDIATION_ACTIONS_TABLE, { ...REMEDIATION_ACTIONS_TABLE, name: LOCAL_REMEDIATION_ACTIONS_TABLE }],
]);

/** BigQuery streaming inserts can store a row twice; the test tables allow it so the views' dedupe is exercised. */
async function createWithoutKeys(database: DuckDbDatabase, names: readonly string[]): Promise<void> {
  await database.write(async (connection) => {
    for (const name of names) {
      const table = TABLE_BY_NAME.get(name) as TableDefinition;
      await connection.run(`DROP TABLE IF EXISTS ${name}`);
      await connection.run(toDuckDbDdl({ ...table, primaryKey: [] }));
    }
  });
}

async function insert(database: DuckDbDatabase, table: string, rows: readonly Row[]): Promise<void> {
  const definition = TABLE_BY_NAME.get(table) as TableDefinition;
  await database.write(async (connection) => {
    for (const row of rows) {
      const columns = definition.fields.map((field) => field.name);
      const values = columns.map((column) => {
        const value = row[column] ?? null;
        if (value === null) return 'NULL';
        if (typeof value === 'number' || typeof value === 'boolean') return String(value);
        return `'${value.replace(/'/g, "''")}'`;
      });
      await connection.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values.join(', ')})`);
    }
  });
}

function event(id: string, overrides: Row): Row {
  return {
    event_id: id, log_name: 'projects/p/logs/x', insert_id: id, source: 'bigquery', pipeline_id: 'sales_daily', run_id: 'r1',
    status: 'failed', category: 'network_timeout', signature_id: 'sig_a', occurred_at: '2026-11-30 02:00:00', resource_type: 'bigquery_project',
    severity: 'ERROR', ingested_at: '2026-11-30 02:00:01', ...overrides,
  };
}

function action(key: string, overrides: Row): Row {
  return {
    action_key: key, event_id: `evt-${key}`, pipeline_id: 'sales_daily', run_id: 'r1', root_run_id: 'r1', source: 'bigquery', category: 'network_timeout',
    confidence: 0.9, signature: 'sig_a', strategy: 'retry_bigquery_job', attempt: 1, autonomy: 'auto', dry_run: false, executed: true, status: 'succeeded',
    reason: 'r', explanation: '{}', request: '{}', decided_at: '2026-11-30T02:00:00.000Z', ...overrides,
  };
}

describe('analytics views on DuckDB (same definitions as the BigQuery views)', () => {
  let dir: string;
  let database: DuckDbDatabase;
  let views: DuckDbAnalyticsViews;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'views-'));
    database = await DuckDbDatabase.open(join(dir, 'views.duckdb'), []);
    await createWithoutKeys(database, ['pipeline_events', 'signature_canonical', 'knowledge_base', 'risk_predictions', 'pipeline_runs', 'anomalies']);
    const run = (key: string, overrides: Row): Row => ({
      run_key: key, source: 'bigquery', pipeline_id: 'sales_daily', run_id: key, status: 'succeeded', first_event_at: '2026-11-30 02:00:00', last_event_at: '2026-11-30 02:10:00',
      started_at: '2026-11-30 02:00:00', duration_ms: 600_000, bytes_processed: 2 ** 30, bytes_billed: 2 ** 30, slot_ms: 3_600_000, retries: 0, updated_at: '2026-11-30 02:10:00', ...overrides,
    });
    await insert(database, 'pipeline_runs', [
      run('r1', { status: 'failed', duration_ms: 1_200_000, retries: 2 }),
      // An older version of r1 (a BigQuery MERGE race can leave one): only the newest counts.
      run('r1', { status: 'running', duration_ms: null, updated_at: '2026-11-30 02:01:00' }),
      run('r2', {}),
      run('r3', { duration_ms: 300_000 }),
      run('r4', { status: 'running', duration_ms: null, bytes_billed: null, slot_ms: null }),
    ]);
    await insert(database, 'anomalies', [
      { anomaly_id: 'a1', run_key: 'r1', source: 'bigquery', pipeline_id: 'sales_daily', run_id: 'r1', detected_at: '2026-11-30 02:20:00', score: 0.9, detectors: '{}', scored_at: '2026-11-30 02:20:01' },
      { anomaly_id: 'a1', run_key: 'r1', source: 'bigquery', pipeline_id: 'sales_daily', run_id: 'r1', detected_at: '2026-11-30 02:20:00', score: 0.9, detectors: '{}', scored_at: '2026-11-30 02:21:00' },
      { anomaly_id: 'a2', run_key: 'r3', source: 'bigquery', pipeline_id: 'sales_daily', run_id: 'r3', detected_at: '2026-11-30 05:00:00', score: 0.5, detectors: '{}', scored_at: '2026-11-30 05:00:01' },
    ]);
    // Remediation records live in the embedded coordination store's own table (ISO-8601 text timestamps).
    await DuckDbCoordinationStore.open(database);
    const prediction = (id: string, overrides: Row): Row => ({
      prediction_id: id, pipeline_id: 'sales_daily', run_id: id, predicted_at: '2026-11-30 02:00:00', failure_probability: 0.2, factors: '[]', model: 'gbdt-abc',
      verdict: 'proceed', dry_run: true, ...overrides,
    });
    await insert(database, 'risk_predictions', [
      prediction('p1', {}),
      prediction('p1', {}),
      prediction('p2', { failure_probability: 0.8, verdict: 'hold_for_approval' }),
      prediction('p3', { failure_probability: 0.5, verdict: 'warn', predicted_at: '2026-12-01 02:00:00' }),
    ]);
    await insert(database, 'pipeline_events', [
      event('e1', {}),
      // The same event stored twice (a redelivery BigQuery's best-effort insertId dedupe let through).
      event('e1', { ingested_at: '2026-11-30 02:05:00' }),
      event('e2', { run_id: 'r2', signature_id: 'sig_b', occurred_at: '2026-11-30 03:00:00' }),
      event('e3', { run_id: 'r2', category: 'network_timeout', signature_id: 'sig_b', occurred_at: '2026-11-30 03:00:05' }),
      event('e4', { pipeline_id: 'orders', run_id: 'r9', category: 'schema_mismatch', signature_id: 'sig_c', occurred_at: '2026-12-01 09:00:00' }),
      event('e5', { status: 'succeeded', category: null, signature_id: null, run_id: 'r3', occurred_at: '2026-11-30 04:00:00' }),
    ]);
    // sig_a and sig_b are the same failure learned by two instances; a later consolidation refined sig_b's answer.
    await insert(database, 'signature_canonical', [
      { row_id: 'c1', signature_id: 'sig_a', canonical_id: 'sig_X', canonical_template: 'Connection reset by <*>', consolidated_at: '2026-12-01 00:00:00' },
      { row_id: 'c2', signature_id: 'sig_b', canonical_id: 'sig_old', canonical_template: 'old', consolidated_at: '2026-11-30 00:00:00' },
      { row_id: 'c3', signature_id: 'sig_b', canonical_id: 'sig_X', canonical_template: 'Connection reset by <*>', consolidated_at: '2026-12-01 00:00:00' },
    ]);
    await insert(database, LOCAL_REMEDIATION_ACTIONS_TABLE, [
      action('k1', { settled_at: '2026-11-30T02:10:00.000Z', time_to_recover_ms: 600_000 }),
      action('k2', { settled_at: '2026-12-01T03:00:00.000Z', time_to_recover_ms: 1_800_000 }),
      action('k3', { status: 'failed', settled_at: '2026-12-01T05:00:00.000Z' }),
      action('k4', { strategy: 'escalate', category: 'schema_mismatch', executed: false, dry_run: true, status: 'would_have_done' }),
    ]);
    await insert(database, 'knowledge_base', [
      { id: 'kb-1', knowledge_type: 'runbook', category: 'network_timeout', source_system: 'any', title: 't', error_pattern: '', resolution: 'r', recommended_strategy: 'retry_with_backoff', source_url: '', confidence: 0.8, success_count: 2, failure_count: 1, created_at: '2026-11-01 00:00:00', updated_at: '2026-11-30 02:10:00' },
      { id: 'learned-network_timeout-20261130T021000Z-1a2b3c4d', knowledge_type: 'historical_error', category: 'network_timeout', source_system: 'bigquery', title: 't', error_pattern: 'Connection reset', resolution: 'r', recommended_strategy: 'retry_bigquery_job', source_url: '', confidence: 0.6, success_count: 1, failure_count: 0, created_at: '2026-11-30 02:10:00', updated_at: '2026-11-30 02:10:00' },
      { id: 'kb-2', knowledge_type: 'runbook', category: 'schema_mismatch', source_system: 'any', title: 't', error_pattern: '', resolution: 'r', recommended_strategy: 'escalate', source_url: '', confidence: 0.8, success_count: 0, failure_count: 0, created_at: '2026-11-01 00:00:00', updated_at: '2026-11-01 00:00:00' },
    ]);
    views = await DuckDbAnalyticsViews.install(database);
  });

  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports each pipeline\'s daily runs, failures, failure rate over finished runs, duration percentiles and cost from the newest run versions', async () => {
    expect(await views.rows('v_pipeline_health_daily')).toEqual([
      { day: '2026-11-30T00:00:00.000Z', pipeline_id: 'sales_daily', source: 'bigquery', runs: 4, succeeded_runs: 2, failed_runs: 1, failure_rate: 1 / 3, p50_duration_ms: 600_000, p95_duration_ms: 1_200_000, retries: 2 },
    ]);
    expect(await views.rows('v_cost_daily')).toEqual([
      { day: '2026-11-30T00:00:00.000Z', pipeline_id: 'sales_daily', source: 'bigquery', runs: 4, bytes_processed: 4 * 2 ** 30, bytes_billed: 3 * 2 ** 30, slot_hours: 3 },
    ]);
    expect(await views.rows('v_anomalies_daily')).toEqual([
      { day: '2026-11-30T00:00:00.000Z', pipeline_id: 'sales_daily', kind: 'run', anomalies: 2, max_score: 0.9, mean_score: 0.7 },
    ]);
  });

  it('counts failed events once per event id and failed runs once per run, per day and category', async () => {
    expect(await views.rows('v_failures_by_category_daily', 'day, pipeline_id')).toEqual([
      { day: '2026-11-30T00:00:00.000Z', pipeline_id: 'sales_daily', source: 'bigquery', category: 'network_timeout', failed_events: 3, failed_runs: 2 },
      { day: '2026-12-01T00:00:00.000Z', pipeline_id: 'orders', source: 'bigquery', category: 'schema_mismatch', failed_events: 1, failed_runs: 1 },
    ]);
  });

  it('groups failures by their newest canonical signature and says when each was first and last seen', async () => {
    expect(await views.rows('v_failure_signatures', 'failed_events DESC')).toEqual([
      { signature: 'sig_X', template: 'Connection reset by <*>', category: 'network_timeout', failed_events: 3, failed_runs: 2, pipelines: 1, first_seen_at: '2026-11-30T02:00:00.000Z', last_seen_at: '2026-11-30T03:00:05.000Z' },
      { signature: 'sig_c', template: null, category: 'schema_mismatch', failed_events: 1, failed_runs: 1, pipelines: 1, first_seen_at: '2026-12-01T09:00:00.000Z', last_seen_at: '2026-12-01T09:00:00.000Z' },
    ]);
    expect(await views.rows('v_failure_signatures_weekly', 'week, signature')).toEqual([
      { week: '2026-11-30T00:00:00.000Z', signature: 'sig_X', failed_events: 3, failed_runs: 2 },
      { week: '2026-11-30T00:00:00.000Z', signature: 'sig_c', failed_events: 1, failed_runs: 1 },
    ]);
  });

  it('measures remediation per strategy and category: tried, verified, succeeded, mean and p90 time to recover', async () => {
    expect(await views.rows('v_remediation_effectiveness', 'strategy')).toEqual([
      { strategy: 'escalate', category: 'schema_mismatch', decisions: 1, tried: 0, would_have_done: 1, refused: 0, verified: 0, succeeded: 0, failed: 0, mean_time_to_recover_ms: null, p90_time_to_recover_ms: null },
      { strategy: 'retry_bigquery_job', category: 'network_timeout', decisions: 3, tried: 3, would_have_done: 0, refused: 0, verified: 3, succeeded: 2, failed: 1, mean_time_to_recover_ms: 1_200_000, p90_time_to_recover_ms: 1_800_000 },
    ]);
    expect(await views.rows('v_mttr_weekly', 'week')).toEqual([
      { week: '2026-11-30T00:00:00.000Z', recoveries: 2, mean_time_to_recover_ms: 1_200_000, p50_time_to_recover_ms: 600_000 },
    ]);
  });

  it('summarises failure risk at run start per pipeline and day, with the policy verdicts, once per prediction', async () => {
    expect(await views.rows('v_risk_daily', 'day')).toEqual([
      { day: '2026-11-30T00:00:00.000Z', pipeline_id: 'sales_daily', predictions: 2, mean_failure_probability: 0.5, max_failure_probability: 0.8, warned: 0, held: 1 },
      { day: '2026-12-01T00:00:00.000Z', pipeline_id: 'sales_daily', predictions: 1, mean_failure_probability: 0.5, max_failure_probability: 0.5, warned: 1, held: 0 },
    ]);
  });

  it('shows what the knowledge base learned from verified fixes per category', async () => {
    expect(await views.rows('v_knowledge_learning', 'category')).toEqual([
      { category: 'network_timeout', entries: 2, learned_entries: 1, verified_successes: 3, verified_failures: 1, last_learned_at: '2026-11-30T02:10:00.000Z' },
      { category: 'schema_mismatch', entries: 1, learned_entries: 0, verified_successes: 0, verified_failures: 0, last_learned_at: null },
    ]);
  });
});

describe('analytics views as BigQuery Standard SQL', () => {
  const parser = new Parser();
  const bigquery = (sql: string): string => sql.split('${project}').join('ops-prod').split('${dataset}').join('flexiroaster');

  it.each(ANALYTICS_VIEWS.map((view) => [view.name, view] as const))('%s parses in node-sql-parser BigQuery mode and uses no DuckDB-only function', (_name, view) => {
    const sql = bigquery(view.sql('bigquery'));
    expect(() => parser.astify(sql, { database: 'bigquery' })).not.toThrow();
    expect(sql).not.toMatch(/\b(quantile_disc|quantile_cont|date_diff|date_trunc\s*\(\s*'|len\s*\(|strftime)\b/i);
    for (const table of view.tables) expect(sql).toContain(`\`ops-prod.flexiroaster.${table}\``);
  });

  it('the parser refuses what BigQuery would refuse, so the check is not vacuous', () => {
    expect(() => parser.astify('SELECT day, COUNT(* FROM `p.d.t` GROUP BY day', { database: 'bigquery' })).toThrow();
    expect(() => parser.astify('SELECT * EXCLUDE (a) FROM `p.d.t`', { database: 'bigquery' })).toThrow();
  });
});
