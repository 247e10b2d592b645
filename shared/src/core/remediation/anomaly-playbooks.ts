import type { Category } from '../domain/category';
import type { Source } from '../domain/pipeline-event';
import type { AnomalyHint } from './decision';
import { step, planProblems, type Plan } from './plan';
import type { PipelineRegistration } from './config/registration';
import type { StrategyId } from './strategy-catalog';

const MINUTE = 60_000;
const RERUN: Readonly<Record<Source, StrategyId>> = {
  bigquery: 'retry_bigquery_job',
  dataflow: 'relaunch_dataflow_flex_template',
  composer: 'clear_failed_airflow_tasks',
  workflows: 'reexecute_workflow',
};

export interface AnomalyPlaybook {
  name: string;
  /** Which findings matched, for the explanation. */
  why: string;
  plan: Plan;
}

/**
 * The anomaly playbooks from the seeds, as plans that then go through the same policy (autonomy, dry
 * run), guardrails (scope, pause, budget, circuit breaker, approval) and action keys as any failure:
 * - latency spike + high CPU → scale Dataflow workers (escalate where that cannot act);
 * - throughput drop + retry burst → pause the pipeline when it is registered non-critical, else escalate;
 * - failure spike + a repeated (not new) signature → re-run with backoff, then escalate.
 * null when no playbook matches, or when the category forbids the plan (e.g. no retry of schema errors).
 */
export function anomalyPlaybook(hint: AnomalyHint | undefined, source: Source, category: Category, registration: PipelineRegistration, failed: boolean): AnomalyPlaybook | null {
  if (hint === undefined) return null;
  const kinds = new Set(hint.kinds);
  let playbook: AnomalyPlaybook | null = null;
  if (kinds.has('latency_spike') && kinds.has('high_cpu')) {
    playbook = { name: 'scale_on_latency_and_cpu', why: 'latency spike with high CPU', plan: [step('scale_dataflow_workers'), step('escalate')] };
  } else if (kinds.has('throughput_drop') && kinds.has('retry_burst')) {
    const pause: Plan = registration.criticality === 'non-critical' && source === 'composer' ? [step('pause_airflow_dag'), step('escalate')] : [step('escalate')];
    playbook = { name: 'pause_on_throughput_drop_and_retries', why: `throughput drop with a retry burst on a ${registration.criticality} pipeline`, plan: pause };
  } else if (failed && kinds.has('failure_spike') && !kinds.has('new_signature')) {
    const backoff = { initialDelayMs: 2 * MINUTE, multiplier: 2, maxDelayMs: 20 * MINUTE, jitter: 'equal' as const };
    playbook = { name: 'retry_on_failure_spike', why: 'failure spike with a repeated failure pattern', plan: [step(RERUN[source], 2, backoff), step('escalate')] };
  }
  if (playbook === null || planProblems(category, playbook.plan).length > 0) return null;
  return playbook;
}

/** Whether an anomaly on a run that did not fail has findings some playbook acts on (failure spikes need a failure). */
export function mayCallForPlaybook(kinds: readonly string[]): boolean {
  const found = new Set(kinds);
  return (found.has('latency_spike') && found.has('high_cpu')) || (found.has('throughput_drop') && found.has('retry_burst'));
}
