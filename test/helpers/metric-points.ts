import type { MetricPoint } from '../../shared/src/core/metrics/metric-point';

/** A Dataflow system-lag point of the demo's streaming pipeline, overridable per test. */
export function metricPoint(overrides: Partial<MetricPoint> = {}): MetricPoint {
  return {
    pipelineId: 'clickstream-sessionize',
    metric: 'dataflow_system_lag_s',
    metricType: 'dataflow.googleapis.com/job/system_lag',
    source: 'dataflow',
    scope: 'pipeline',
    timestamp: '2026-11-21T06:01:00.000Z',
    value: 31,
    unit: 's',
    resourceLabels: { project_id: 'analytics-prod', job_name: 'clickstream-sessionize' },
    ...overrides,
  };
}
