import { BigQueryJobExecutor } from '../../shared/src/adapters/executors/bigquery-job-executor';
import { ComposerAirflowExecutor } from '../../shared/src/adapters/executors/composer-airflow-executor';
import { DataflowExecutor } from '../../shared/src/adapters/executors/dataflow-executor';
import { PubSubNotifyExecutor } from '../../shared/src/adapters/executors/pubsub-notify-executor';
import { WebhookNotifyExecutor } from '../../shared/src/adapters/executors/webhook-notify-executor';
import { WorkflowsExecutor } from '../../shared/src/adapters/executors/workflows-executor';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import type { RemediationConfig } from '../../shared/src/core/remediation/config/remediation-config';
import type { ExecutorRegistry } from '../../shared/src/core/remediation/ports';
import { registryOf } from '../../shared/src/core/remediation/executor-registry';

/**
 * One executor per GCP service, with the function's own identity (Application Default Credentials).
 * Without a configured project, notifications must name their topic or secret in full: no made-up
 * project is substituted for a bare id.
 */
export function productionExecutors(config: Pick<AppConfig, 'projectId'>, remediation: Pick<RemediationConfig, 'pipelines'>): ExecutorRegistry {
  const project = config.projectId === undefined ? {} : { projectId: config.projectId };
  // The Airflow client talks only to the Composer environments pipelines are registered with.
  const airflowUris = Object.values(remediation.pipelines).flatMap((registration) => (registration.composer === undefined ? [] : [registration.composer.airflowUri]));
  return registryOf([
    new BigQueryJobExecutor(),
    new DataflowExecutor(),
    new ComposerAirflowExecutor({ allowedAirflowUris: airflowUris }),
    new WorkflowsExecutor(),
    new PubSubNotifyExecutor(project),
    new WebhookNotifyExecutor(project),
  ]);
}
