import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbMetricStore } from '../../shared/src/adapters/duckdb/duckdb-metric-store';
import { pointIdOf } from '../../shared/src/core/metrics/metric-rows';
import { metricPoint } from '../helpers/metric-points';

const READ_AT = new Date('2026-11-21T06:10:00.000Z');

describe('DuckDbMetricStore', () => {
  let database: DuckDbDatabase;
  let store: DuckDbMetricStore;

  beforeEach(async () => {
    database = await DuckDbDatabase.open(':memory:', []);
    store = await DuckDbMetricStore.open(database, { now: () => READ_AT });
  });
  afterEach(() => database.close());

  async function rows(): Promise<Array<Record<string, unknown>>> {
    return database.read(async (connection) => {
      const reader = await connection.runAndReadAll(
        `SELECT point_id, pipeline_id, metric, metric_type, source, scope, value, unit, CAST(resource_labels AS VARCHAR) AS resource_labels,
                strftime(timestamp AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS timestamp,
                strftime(read_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS read_at
           FROM pipeline_metrics ORDER BY timestamp`,
      );
      return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
    });
  }

  it('stores each point as one pipeline_metrics row keyed by (pipeline, metric, timestamp)', async () => {
    const first = metricPoint();
    const second = metricPoint({ timestamp: '2026-11-21T06:02:00.000Z', value: 45 });

    await expect(store.savePoints([first, second])).resolves.toEqual({ inserted: 2, duplicates: 0 });

    expect(await rows()).toEqual([
      {
        point_id: pointIdOf(first),
        pipeline_id: 'clickstream-sessionize',
        metric: 'dataflow_system_lag_s',
        metric_type: 'dataflow.googleapis.com/job/system_lag',
        source: 'dataflow',
        scope: 'pipeline',
        value: 31,
        unit: 's',
        resource_labels: '{"job_name":"clickstream-sessionize","project_id":"analytics-prod"}',
        timestamp: '2026-11-21T06:01:00.000Z',
        read_at: '2026-11-21T06:10:00.000Z',
      },
      expect.objectContaining({ point_id: pointIdOf(second), value: 45, timestamp: '2026-11-21T06:02:00.000Z' }),
    ]);
  });

  it('counts a point read again by an overlapping tick as a duplicate and keeps the first row', async () => {
    await store.savePoints([metricPoint()]);

    await expect(store.savePoints([metricPoint({ value: 99 }), metricPoint({ timestamp: '2026-11-21T06:02:00.000Z' })])).resolves.toEqual({ inserted: 1, duplicates: 1 });

    expect((await rows()).map((row) => [row.timestamp, row.value])).toEqual([
      ['2026-11-21T06:01:00.000Z', 31],
      ['2026-11-21T06:02:00.000Z', 31],
    ]);
  });

  it('keeps points of other metrics and pipelines at the same instant apart', async () => {
    await expect(
      store.savePoints([metricPoint(), metricPoint({ metric: 'dataflow_vcpus' }), metricPoint({ pipelineId: 'orders-backfill-batch' })]),
    ).resolves.toEqual({ inserted: 3, duplicates: 0 });
  });
});
