import { DuckDbDatabase } from '../../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbMetricAnomalyStore } from '../../../shared/src/adapters/duckdb/duckdb-metric-anomaly-store';
import { DuckDbMetricStore } from '../../../shared/src/adapters/duckdb/duckdb-metric-store';
import { DuckDbMonitorStateStore } from '../../../shared/src/adapters/duckdb/duckdb-monitor-state-store';
import { RecordedMetricSource } from '../../../shared/src/adapters/monitoring/recorded-metric-source';
import { PermanentStoreError, TransientStoreError } from '../../../shared/src/core/domain/errors';
import { DEFAULT_METRIC_QUERIES } from '../../../shared/src/core/metrics/metric-catalog';
import type { CustomMetricValue, MetricSource } from '../../../shared/src/core/metrics/ports';
import { DEFAULT_MONITOR_SETTINGS } from '../../../shared/src/core/monitor/monitor-settings';
import { runMonitorTick, type MonitorDependencies } from '../../../shared/src/core/monitor/monitor-tick';
import { meanRatioDetectors } from '../../helpers/mean-ratio-detector';
import { MemoryLogger } from '../../helpers/memory-logger';

const LAG = DEFAULT_METRIC_QUERIES.filter((query) => query.name === 'dataflow_system_lag_s');

/** listTimeSeries JSON with one reduced system-lag series per job, one point a minute from 06:00. */
function recorded(byJob: Record<string, number[]>): RecordedMetricSource {
  const timeSeries = Object.entries(byJob).map(([job, values]) => ({
    metric: { type: 'dataflow.googleapis.com/job/system_lag' },
    resource: { type: 'dataflow_job', labels: { project_id: 'analytics-prod', job_name: job } },
    metricKind: 'GAUGE',
    valueType: 'INT64',
    points: values.map((value, minute) => ({ interval: { endTime: minuteIso(minute) }, value: { int64Value: String(value) } })).reverse(),
  }));
  return RecordedMetricSource.fromJson(JSON.stringify({ timeSeries }));
}

function minuteIso(minute: number): string {
  return new Date(Date.parse('2026-11-21T06:00:00.000Z') + minute * 60_000).toISOString();
}

describe('runMonitorTick', () => {
  let database: DuckDbDatabase;
  let now: Date;
  let written: CustomMetricValue[];
  let logger: MemoryLogger;

  beforeEach(async () => {
    database = await DuckDbDatabase.open(':memory:', []);
    now = new Date(minuteIso(10));
    written = [];
    logger = new MemoryLogger();
  });
  afterEach(() => database.close());

  async function deps(source: MetricSource, overrides: Partial<MonitorDependencies> = {}): Promise<MonitorDependencies> {
    const clock = { now: () => now };
    return {
      source,
      store: await DuckDbMetricStore.open(database, clock),
      state: await DuckDbMonitorStateStore.open(database),
      anomalies: await DuckDbMetricAnomalyStore.open(database),
      detectors: meanRatioDetectors,
      customMetrics: { write: async (values) => void written.push(...values) },
      queries: LAG,
      settings: { ...DEFAULT_MONITOR_SETTINGS, initialLookbackMs: 10 * 60_000, overlapMs: 5 * 60_000 },
      clock,
      logger,
      ...overrides,
    };
  }

  async function count(table: string): Promise<number> {
    return database.read(async (connection) => Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjectsJS()[0]?.n));
  }

  it('stores the window\'s points, records the anomalous one with its reason and publishes each series\' peak score', async () => {
    const source = recorded({ 'clickstream-sessionize': [30, 31, 29, 30, 95, 30], 'orders-backfill-batch': [5, 5, 6] });

    const summary = await runMonitorTick(await deps(source));

    expect(summary).toMatchObject({
      window: { start: minuteIso(0), end: minuteIso(10) },
      pointsRead: 9,
      inserted: 9,
      duplicates: 0,
      scored: 9,
      alreadyScored: 0,
      anomalies: 1,
      series: 2,
      customMetricsWritten: 2,
    });
    const anomalies = await database.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT pipeline_id, metric, value, reasons FROM metric_anomalies`)).getRowObjectsJS(),
    );
    expect(anomalies).toEqual([
      { pipeline_id: 'clickstream-sessionize', metric: 'dataflow_system_lag_s', value: 95, reasons: ['value 95 is 3.2x the running mean 30.0 of 4 points'] },
    ]);
    expect(written.map((value) => [value.kind, value.pipelineId, value.labels, value.timestamp.toISOString()])).toEqual([
      ['anomaly_score', 'clickstream-sessionize', { signal: 'dataflow_system_lag_s' }, minuteIso(5)],
      ['anomaly_score', 'orders-backfill-batch', { signal: 'dataflow_system_lag_s' }, minuteIso(2)],
    ]);
    // The peak of the series is the anomalous point (3.2x its mean), which the test detector caps at 1.
    expect(written[0]?.value).toBe(1);
    expect(written[1]?.value).toBeCloseTo(0, 6);
  });

  it('adds nothing on a second tick over the same window: points deduplicate, detectors skip learned points, no anomaly twice', async () => {
    const source = recorded({ 'clickstream-sessionize': [30, 31, 29, 30, 95, 30] });
    await runMonitorTick(await deps(source));
    written = [];

    const again = await runMonitorTick(await deps(source));

    // The checkpoint moved the window on; the overlap re-reads minutes 5..9, already stored and learned.
    expect(again.window).toEqual({ start: minuteIso(5), end: minuteIso(10) });
    expect(again).toMatchObject({ pointsRead: 1, inserted: 0, duplicates: 1, scored: 0, alreadyScored: 1, anomalies: 0, customMetricsWritten: 0 });
    expect(await count('pipeline_metrics')).toBe(6);
    expect(await count('metric_anomalies')).toBe(1);
    expect(written).toEqual([]);
  });

  it('persists each series\' detector state and resumes from it on the next tick, never learning a point twice', async () => {
    await runMonitorTick(await deps(recorded({ 'clickstream-sessionize': [30, 31, 29] })));
    now = new Date(minuteIso(13));

    const next = await runMonitorTick(await deps(recorded({ 'clickstream-sessionize': [30, 31, 29, 30, 30, 30, 30, 30, 30, 30, 30, 120] })));

    expect(next).toMatchObject({ window: { start: minuteIso(5), end: minuteIso(13) }, scored: 7, alreadyScored: 0, anomalies: 1 });
    const state = await (await DuckDbMonitorStateStore.open(database)).readSeriesStates(['clickstream-sessionize|dataflow_system_lag_s']);
    const record = state.get('clickstream-sessionize|dataflow_system_lag_s');
    // Minutes 3 and 4 were outside both windows (the first ended at 10 with data only to 2; the second starts at 5).
    expect((record?.state as { seen: number[] }).seen.map((ms) => new Date(ms).toISOString())).toEqual(
      [0, 1, 2, 5, 6, 7, 8, 9, 10, 11].map(minuteIso),
    );
    expect(record?.lastTimestamp).toBe(minuteIso(11));
  });

  it('reads at most maxWindowMs per tick and catches up over the next ticks', async () => {
    const d = await deps(recorded({ 'clickstream-sessionize': [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] }), {
      settings: { ...DEFAULT_MONITOR_SETTINGS, initialLookbackMs: 10 * 60_000, overlapMs: 0, maxWindowMs: 4 * 60_000 },
    });

    const windows = [];
    for (let tick = 0; tick < 3; tick += 1) windows.push((await runMonitorTick(d)).window);

    expect(windows).toEqual([
      { start: minuteIso(0), end: minuteIso(4) },
      { start: minuteIso(4), end: minuteIso(8) },
      { start: minuteIso(8), end: minuteIso(10) },
    ]);
    expect(await count('pipeline_metrics')).toBe(10);
  });

  it('commits nothing when a read fails transiently, so the repeated tick scores the same points once', async () => {
    const source = recorded({ 'clickstream-sessionize': [30, 31, 29, 30, 95] });
    let outage = true;
    const flaky: MetricSource = {
      read: async (query, window) => {
        if (outage) throw new TransientStoreError('monitoring timeSeries.list failed: HTTP 503 UNAVAILABLE');
        return source.read(query, window);
      },
    };

    await expect(runMonitorTick(await deps(flaky))).rejects.toBeInstanceOf(TransientStoreError);
    outage = false;
    const retried = await runMonitorTick(await deps(flaky));

    expect(retried).toMatchObject({ window: { start: minuteIso(0), end: minuteIso(10) }, scored: 5, anomalies: 1 });
  });

  it('reports a query refused for good and still runs the others', async () => {
    const source = recorded({ 'clickstream-sessionize': [30] });
    const refusing: MetricSource = {
      read: async (query, window) => {
        if (query.name === 'dataflow_vcpus') throw new PermanentStoreError('monitoring timeSeries.list failed: HTTP 403 PERMISSION_DENIED');
        return source.read(query, window);
      },
    };
    const queries = DEFAULT_METRIC_QUERIES.filter((query) => ['dataflow_system_lag_s', 'dataflow_vcpus'].includes(query.name));

    const summary = await runMonitorTick(await deps(refusing, { queries }));

    expect(summary.failedQueries).toEqual([{ metric: 'dataflow_vcpus', error: 'monitoring timeSeries.list failed: HTTP 403 PERMISSION_DENIED' }]);
    expect(summary.inserted).toBe(1);
    expect(logger.lines.map((line) => [line.severity, line.message])).toContainEqual(['ERROR', 'monitor: metric query refused']);
  });

  it('keeps monitoring when custom metrics are refused for good, and repeats the tick on a custom-metric outage', async () => {
    const source = recorded({ 'clickstream-sessionize': [30, 31] });
    const refused = await runMonitorTick(
      await deps(source, { customMetrics: { write: async () => Promise.reject(new PermanentStoreError('monitoring timeSeries.create failed: HTTP 403 PERMISSION_DENIED')) } }),
    );
    expect(refused.customMetricsError).toBe('monitoring timeSeries.create failed: HTTP 403 PERMISSION_DENIED');

    await database.write((connection) => connection.run('DELETE FROM monitor_checkpoint'));
    await expect(
      runMonitorTick(await deps(recorded({ 'orders-backfill-batch': [5] }), { customMetrics: { write: async () => Promise.reject(new TransientStoreError('HTTP 503')) } })),
    ).rejects.toBeInstanceOf(TransientStoreError);
  });

  it('starts a series afresh, and says so, when its stored state cannot be restored', async () => {
    await runMonitorTick(await deps(recorded({ 'clickstream-sessionize': [30, 31] })));
    await database.write((connection) => connection.run(`UPDATE monitor_series_state SET state = '{"kind":"something-else"}'`));
    now = new Date(minuteIso(12));

    const summary = await runMonitorTick(await deps(recorded({ 'clickstream-sessionize': [30, 31, 30, 30, 30, 30, 30, 30, 30, 30, 30] })));

    expect(summary.resetSeries).toEqual(['clickstream-sessionize|dataflow_system_lag_s']);
    expect(logger.lines.map((line) => line.message)).toContain('monitor: series state unreadable, starting afresh');
  });
});
