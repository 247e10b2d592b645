/** The services whose Cloud Monitoring metrics FlexiRoaster reads. */
export type MetricSourceService = 'dataflow' | 'composer' | 'bigquery';

/**
 * What a metric point describes: one pipeline (a Dataflow job name), a Composer environment whose
 * workers run many DAGs, or a whole project (BigQuery slots). The snapshot joins pipeline-scoped
 * points directly and the wider ones by time.
 */
export type MetricScope = 'pipeline' | 'environment' | 'project';

/** One value of one metric for one pipeline (or environment / project) at one instant. */
export interface MetricPoint {
  pipelineId: string;
  /** Short, stable name from the catalog, e.g. dataflow_system_lag_s. */
  metric: string;
  /** The Cloud Monitoring metric type it was read from. */
  metricType: string;
  source: MetricSourceService;
  scope: MetricScope;
  /** End of the point's interval, RFC 3339 UTC with milliseconds. */
  timestamp: string;
  value: number;
  unit: string;
  /** Monitored-resource labels of the series, for drill-down (job_id, region, environment...). */
  resourceLabels: Readonly<Record<string, string>>;
}

/** Half-open read window [start, end), both RFC 3339 UTC. */
export interface TimeWindow {
  start: string;
  end: string;
}

/** A series is one metric of one pipeline; the streaming detector keeps one state per series. */
export function seriesKey(point: Pick<MetricPoint, 'pipelineId' | 'metric'>): string {
  return `${point.pipelineId}|${point.metric}`;
}
