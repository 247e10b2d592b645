import type { Category } from '../domain/category';
import type { PipelineEvent } from '../domain/pipeline-event';
import type { RemediationConfig } from './config/remediation-config';
import { defaultRegistration, type Autonomy, type NotificationTarget, type PipelineRegistration } from './config/registration';
import { defaultPlan } from './default-plans';
import type { Plan } from './plan';

export interface ResolvedPolicy {
  registration: PipelineRegistration;
  registered: boolean;
  plan: Plan;
  planOrigin: 'default' | 'global' | 'pipeline' | 'anomaly';
  autonomy: Autonomy;
  autonomyOrigin: string;
  dryRun: boolean;
  dryRunOrigin: 'pipeline' | 'global';
  notification: NotificationTarget | undefined;
}

/** Most specific wins: pipeline+category, pipeline, category, global default. */
export function resolvePolicy(event: PipelineEvent, category: Category, confidence: number, config: RemediationConfig): ResolvedPolicy {
  const found = config.pipelines[event.pipelineId];
  // A registration for another source describes a different pipeline that happens to share the id.
  const registered = found !== undefined && found.source === event.source;
  const registration = registered ? found : defaultRegistration(event.pipelineId, event.source);

  const pipelinePlan = registration.plans[category];
  const globalPlan = config.plans[category];
  const plan = pipelinePlan ?? globalPlan ?? defaultPlan(registration.dataflow ? { category, event, dataflowJobType: registration.dataflow.jobType } : { category, event });
  const planOrigin = pipelinePlan ? 'pipeline' : globalPlan ? 'global' : 'default';

  let autonomy: Autonomy;
  let autonomyOrigin: string;
  if (registration.autonomy[category] !== undefined) {
    autonomy = registration.autonomy[category];
    autonomyOrigin = `pipeline ${event.pipelineId}, category ${category}`;
  } else if (registration.autonomyDefault !== undefined) {
    autonomy = registration.autonomyDefault;
    autonomyOrigin = `pipeline ${event.pipelineId} default`;
  } else if (config.autonomy.byCategory[category] !== undefined) {
    autonomy = config.autonomy.byCategory[category];
    autonomyOrigin = `category ${category}`;
  } else {
    autonomy = config.autonomy.default;
    autonomyOrigin = 'global default';
  }
  if (autonomy === 'auto' && confidence < config.minConfidence) {
    autonomy = 'approve';
    autonomyOrigin = `${autonomyOrigin}, lowered to approve: confidence ${confidence.toFixed(2)} < minConfidence ${config.minConfidence}`;
  }
  const dryRun = registration.dryRun ?? config.dryRun;
  return {
    registration,
    registered,
    plan,
    planOrigin,
    autonomy,
    autonomyOrigin,
    dryRun,
    dryRunOrigin: registration.dryRun === undefined ? 'global' : 'pipeline',
    notification: registration.notification ?? config.notification,
  };
}
