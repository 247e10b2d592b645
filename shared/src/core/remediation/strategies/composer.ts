import { keySuffix, notApplicable, type Strategy, type StrategyInput } from './types';

function airflow(input: StrategyInput): { airflowUri: string; dagId: string } | string {
  const composer = input.registration.composer;
  if (composer === undefined) return 'the pipeline registration has no Composer airflowUri';
  return { airflowUri: composer.airflowUri, dagId: composer.dagId ?? input.request.event.pipelineId };
}

/** Clears every failed task of the run, so Airflow re-runs them within the same DAG run. */
export const clearFailedTasks: Strategy = (input) => {
  const target = airflow(input);
  if (typeof target === 'string') return notApplicable(target);
  const dagRunId = input.request.event.runId;
  return {
    kind: 'act',
    action: { kind: 'composer.clear_failed_tasks', ...target, dagRunId },
    createdRunId: null,
    detail: `clear failed tasks of ${target.dagId} run ${dagRunId}`,
  };
};

/** A new DAG run whose id comes from the action key: Airflow refuses a second run with the same id. */
export const triggerDag: Strategy = (input) => {
  const target = airflow(input);
  if (typeof target === 'string') return notApplicable(target);
  const dagRunId = `flexiroaster__${keySuffix(input.actionKey, 24)}`;
  return {
    kind: 'act',
    action: { kind: 'composer.trigger_dag', ...target, dagRunId, conf: { flexiroaster: { retry_of: input.request.event.runId, action_key: input.actionKey } } },
    createdRunId: dagRunId,
    detail: `trigger ${target.dagId} as run ${dagRunId}`,
  };
};

/** Stops new runs from spreading bad data downstream until a person has looked. */
export const pauseDag: Strategy = (input) => {
  const target = airflow(input);
  if (typeof target === 'string') return notApplicable(target);
  return { kind: 'act', action: { kind: 'composer.pause_dag', ...target }, createdRunId: null, detail: `pause DAG ${target.dagId}` };
};
