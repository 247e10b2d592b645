import type { Source } from '../../domain/pipeline-event';
import type { StrategyId } from '../strategy-catalog';
import { retryBigQueryJob } from './bigquery';
import { clearFailedTasks, pauseDag, triggerDag } from './composer';
import { drainOrCancel, relaunchFlexTemplate, rollbackTemplate, scaleWorkers } from './dataflow';
import { notApplicable, type Strategy } from './types';
import { reexecuteWorkflow } from './workflows';

const RERUN_BY_SOURCE: Readonly<Record<Source, Strategy>> = {
  bigquery: retryBigQueryJob,
  dataflow: relaunchFlexTemplate,
  composer: clearFailedTasks,
  workflows: reexecuteWorkflow,
};

/**
 * Restarting makes the job read its credential again; that only helps when the credential lives in
 * Secret Manager (read as "latest" at start) and may have been rotated since. FlexiRoaster never
 * creates or rotates credentials itself.
 */
const refreshCredentials: Strategy = (input) => {
  const secretName = input.registration.secretName;
  if (secretName === undefined) return notApplicable('no secretName registered: a restart would reuse the same credentials');
  const inspection = input.request.secretInspection;
  const latest = inspection?.latest ?? null;
  if (inspection !== undefined && (latest === null || !inspection.latestEnabled)) {
    const state = latest === null ? 'missing' : `${latest.state} (version ${latest.version})`;
    return notApplicable(`the latest version of ${secretName} is ${state}: a restart would find no usable credential`);
  }
  const rerun = RERUN_BY_SOURCE[input.request.event.source](input);
  if (rerun.kind !== 'act') return rerun;
  const version = latest === null ? 'the latest version' : `version ${latest.version} (created ${latest.createTime})`;
  return { ...rerun, detail: `${rerun.detail}, re-reading ${version} of ${secretName}` };
};

const skipNonCritical: Strategy = ({ registration }) =>
  registration.criticality === 'non-critical'
    ? { kind: 'skip', detail: 'non-critical pipeline: the failed run is left as is and the next scheduled run proceeds' }
    : notApplicable('the pipeline is critical (unregistered pipelines count as critical): failures are never skipped');

export const STRATEGIES: Readonly<Record<StrategyId, Strategy>> = {
  scale_dataflow_workers: scaleWorkers,
  retry_bigquery_job: retryBigQueryJob,
  relaunch_dataflow_flex_template: relaunchFlexTemplate,
  clear_failed_airflow_tasks: clearFailedTasks,
  trigger_airflow_dag: triggerDag,
  reexecute_workflow: reexecuteWorkflow,
  refresh_credentials: refreshCredentials,
  skip_non_critical: skipNonCritical,
  pause_airflow_dag: pauseDag,
  rollback_dataflow_template: rollbackTemplate,
  drain_or_cancel_stuck_dataflow_job: drainOrCancel,
  notify: () => ({ kind: 'inform', detail: 'inform the pipeline owners; no automatic action' }),
  escalate: () => ({ kind: 'inform', detail: 'escalate to the pipeline owners with the evidence' }),
};
