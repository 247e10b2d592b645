import type { MetricScope, MetricSourceService } from './metric-point';

export type PerSeriesAligner = 'ALIGN_MEAN' | 'ALIGN_MAX' | 'ALIGN_RATE';
export type CrossSeriesReducer = 'REDUCE_MEAN' | 'REDUCE_SUM' | 'REDUCE_MAX';

/**
 * One listTimeSeries query and how its series map to pipelines. Every query aligns and reduces on
 * the server (one series per pipeline and alignment period), so a tick reads a handful of series per
 * pipeline instead of one per worker, stage or job id.
 */
export interface MetricQuery {
  /** Short, stable name stored in pipeline_metrics.metric and used as the custom-metric label. */
  name: string;
  source: MetricSourceService;
  scope: MetricScope;
  metricType: string;
  resourceType: string;
  /** Further restriction in Cloud Monitoring filter syntax, ANDed to metric and resource type. */
  extraFilter?: string;
  aligner: PerSeriesAligner;
  reducer: CrossSeriesReducer;
  /** groupByFields; must include pipelineLabel so each output series is one pipeline. */
  groupBy: readonly string[];
  /** The resource label that names the pipeline (or environment / project). */
  pipelineLabel: string;
  /** Multiplies the value, e.g. 100 for a 10^2.% unit stored as percent. */
  scale?: number;
  unit: string;
}

/**
 * The metrics read on every tick. Metric types and labels are those of Google Cloud's metric list:
 * dataflow_job (project_id, job_name, region), cloud_composer_workload (project_id, location,
 * environment_name, workload_name, type), global (project_id) for BigQuery slots.
 */
export const DEFAULT_METRIC_QUERIES: readonly MetricQuery[] = [
  dataflow('dataflow_system_lag_s', 'job/system_lag', 'ALIGN_MAX', 'REDUCE_MAX', 's'),
  dataflow('dataflow_watermark_age_s', 'job/data_watermark_age', 'ALIGN_MAX', 'REDUCE_MAX', 's'),
  dataflow('dataflow_elapsed_time_s', 'job/elapsed_time', 'ALIGN_MAX', 'REDUCE_MAX', 's'),
  dataflow('dataflow_vcpus', 'job/current_num_vcpus', 'ALIGN_MEAN', 'REDUCE_SUM', '1'),
  // Unit 10^2.%: 0.85 means 85 %; stored as percent like every other utilisation.
  { ...dataflow('dataflow_cpu_utilization_pct', 'job/aggregated_worker_utilization', 'ALIGN_MEAN', 'REDUCE_MEAN', '%'), scale: 100 },
  dataflow('dataflow_memory_capacity_bytes', 'job/memory_capacity', 'ALIGN_MEAN', 'REDUCE_SUM', 'By'),
  {
    name: 'composer_worker_cpu_cores',
    source: 'composer',
    scope: 'environment',
    metricType: 'composer.googleapis.com/workload/cpu/usage_time',
    resourceType: 'cloud_composer_workload',
    // CPU seconds per second of a cumulative counter = cores in use; summed over the worker pods.
    extraFilter: 'resource.labels.workload_name = starts_with("airflow-worker")',
    aligner: 'ALIGN_RATE',
    reducer: 'REDUCE_SUM',
    groupBy: ['resource.label.environment_name'],
    pipelineLabel: 'environment_name',
    unit: 's{CPU}/s',
  },
  {
    name: 'composer_worker_memory_bytes',
    source: 'composer',
    scope: 'environment',
    metricType: 'composer.googleapis.com/workload/memory/bytes_used',
    resourceType: 'cloud_composer_workload',
    extraFilter: 'resource.labels.workload_name = starts_with("airflow-worker")',
    aligner: 'ALIGN_MEAN',
    reducer: 'REDUCE_SUM',
    groupBy: ['resource.label.environment_name'],
    pipelineLabel: 'environment_name',
    unit: 'By',
  },
  {
    name: 'bigquery_slots_allocated',
    source: 'bigquery',
    scope: 'project',
    metricType: 'bigquery.googleapis.com/slots/allocated_for_project',
    resourceType: 'global',
    aligner: 'ALIGN_MEAN',
    reducer: 'REDUCE_SUM',
    groupBy: ['resource.label.project_id'],
    pipelineLabel: 'project_id',
    unit: '1',
  },
];

function dataflow(name: string, path: string, aligner: PerSeriesAligner, reducer: CrossSeriesReducer, unit: string): MetricQuery {
  return {
    name,
    source: 'dataflow',
    scope: 'pipeline',
    metricType: `dataflow.googleapis.com/${path}`,
    resourceType: 'dataflow_job',
    aligner,
    reducer,
    // A pipeline is a job name; its successive runs (job ids) form one series.
    groupBy: ['resource.label.job_name'],
    pipelineLabel: 'job_name',
    unit,
  };
}

/** The Cloud Monitoring filter of one query. */
export function queryFilter(query: MetricQuery): string {
  const parts = [`metric.type = "${query.metricType}"`, `resource.type = "${query.resourceType}"`];
  if (query.extraFilter) parts.push(query.extraFilter);
  return parts.join(' AND ');
}

export function findQuery(queries: readonly MetricQuery[], metricType: string): MetricQuery | undefined {
  return queries.find((query) => query.metricType === metricType);
}
