import { Firestore } from '@google-cloud/firestore';
import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryJobConfigurationSource } from '../../shared/src/adapters/bigquery/bigquery-job-configuration-source';
import { BigQueryKnowledgeBaseStore } from '../../shared/src/adapters/bigquery/bigquery-knowledge-base-store';
import { BigQueryRemediationSink } from '../../shared/src/adapters/bigquery/bigquery-remediation-sink';
import { BigQueryStrategyStatistics } from '../../shared/src/adapters/bigquery/bigquery-strategy-statistics';
import { readRemediationConfig } from '../../shared/src/adapters/config/remediation-config-file';
import { FirestoreCoordinationStore } from '../../shared/src/adapters/coordination/firestore-coordination-store';
import { CloudTasksDeferredActionScheduler } from '../../shared/src/adapters/executors/cloud-tasks-scheduler';
import { SecretManagerVersionInspector } from '../../shared/src/adapters/executors/secret-version-inspector';
import { loadApprovalSigningKey } from '../../shared/src/adapters/secrets/approval-signing-key';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import { ConfigError } from '../../shared/src/core/domain/errors';
import type { Logger } from '../../shared/src/core/ports/logger';
import { LearningStatistics } from '../../shared/src/core/remediation/learning-statistics';
import { withRecordMirror } from '../../shared/src/core/remediation/mirrored-coordination-store';
import type { RemediationService } from '../../shared/src/core/remediation/remediation-service';
import { readAccessPolicy } from '../../shared/src/adapters/config/access-policy-file';
import { GoogleIdentityVerifier } from '../../shared/src/adapters/identity/google-identity-verifier';
import { SignedFormTokens } from '../../shared/src/core/access/signed-form-token';
import { AccessControl } from '../http/access-control';
import type { RemediationApiContext } from './api';
import { productionExecutors } from './executors';
import { buildRemediationService } from './service';

function required<T>(value: T | undefined, key: string, why: string): T {
  if (value === undefined) throw new ConfigError(key, `is required for the remediate function: ${why}`);
  return value;
}

const QUEUE = /^projects\/([^/]+)\/locations\/([^/]+)\/queues\/([^/]+)$/;

/**
 * OIDC audience of the Cloud Tasks token. Cloud Run (which serves a 2nd gen function) accepts the
 * service URL, so a *.run.app target gets its origin, not the /tasks/run path it posts to; any
 * other target keeps Cloud Tasks' default, the target URL itself.
 */
export function tasksAudience(targetUrl: string): string | undefined {
  const url = new URL(targetUrl);
  return url.hostname.endsWith('.run.app') ? url.origin : undefined;
}

/**
 * Production composition of the remediate function: Firestore for atomic claims and guardrail state
 * (mirrored to BigQuery remediation_actions), Cloud Tasks for backoff, one executor per GCP service.
 * Everything is checked here, at instance start, so a missing setting names itself before traffic.
 */
export async function buildProductionRemediation(config: AppConfig, logger: Logger): Promise<RemediationService> {
  return (await buildProductionParts(config, logger)).service;
}

/**
 * The remediation API: the same service behind AccessControl. Identities come from IAP assertions
 * or Google ID tokens whose audience is configured; the approval form's CSRF key derives from the
 * approval signing key, so no second secret is needed.
 */
export async function buildProductionApi(config: AppConfig, logger: Logger): Promise<RemediationApiContext> {
  const { service, signingKey } = await buildProductionParts(config, logger);
  const audiences = config.access.idTokenAudiences;
  const origin = config.remediation.tasksTargetUrl === undefined ? undefined : new URL(config.remediation.tasksTargetUrl).origin;
  const verifier = new GoogleIdentityVerifier({
    ...(config.access.iapAudience === undefined ? {} : { iapAudience: config.access.iapAudience }),
    // Cloud Tasks' token carries the audience the scheduler adapter chose (the service origin).
    idTokenAudiences: audiences.length > 0 ? audiences : origin === undefined ? [] : [origin],
  });
  return {
    service,
    access: new AccessControl({ verifier, policy: readAccessPolicy(config.access.policy) }),
    formTokens: new SignedFormTokens(signingKey),
    callers: {
      ...(config.remediation.tasksServiceAccount === undefined ? {} : { tasksServiceAccount: config.remediation.tasksServiceAccount }),
      ...(config.access.schedulerServiceAccount === undefined ? {} : { schedulerServiceAccount: config.access.schedulerServiceAccount }),
    },
    clock: systemClock,
  };
}

async function buildProductionParts(config: AppConfig, logger: Logger): Promise<{ service: RemediationService; signingKey: Uint8Array }> {
  const projectId = required(config.projectId, 'FLEXIROASTER_PROJECT_ID', 'the project that holds the dataset and the queue');
  const queueName = required(config.remediation.tasksQueue, 'FLEXIROASTER_TASKS_QUEUE', 'backoff schedules retries on Cloud Tasks');
  const queue = QUEUE.exec(queueName);
  if (queue === null) throw new ConfigError('FLEXIROASTER_TASKS_QUEUE', `"${queueName}" is not projects/P/locations/L/queues/Q`);
  const targetUrl = required(config.remediation.tasksTargetUrl, 'FLEXIROASTER_TASKS_TARGET_URL', 'Cloud Tasks calls the remediation API back');
  const audience = tasksAudience(targetUrl);
  const bigquery = createBigQueryClient({ projectId, location: config.bigqueryLocation, maxRetries: 2 });
  const store = withRecordMirror(
    new FirestoreCoordinationStore(new Firestore({ projectId })),
    new BigQueryRemediationSink({ client: bigquery, datasetId: config.bigqueryDataset, clock: systemClock }),
    logger,
  );
  const scheduler = new CloudTasksDeferredActionScheduler({
    queue: { projectId: queue[1] as string, location: queue[2] as string, queueId: queue[3] as string },
    targetUrl,
    serviceAccountEmail: required(config.remediation.tasksServiceAccount, 'FLEXIROASTER_TASKS_SERVICE_ACCOUNT', 'Cloud Tasks signs its OIDC token as this account'),
    ...(audience === undefined ? {} : { audience }),
  });
  const remediationConfig = readRemediationConfig(config.remediation.configPath);
  const signingKey = await loadApprovalSigningKey({
    ...config.remediation,
    approvalKeySecret: required(config.remediation.approvalKeySecret, 'FLEXIROASTER_APPROVAL_KEY_SECRET', 'approval links are signed with a key from Secret Manager'),
  });
  const service = buildRemediationService({
    config: remediationConfig,
    store,
    executors: productionExecutors(config, remediationConfig),
    scheduler,
    statistics: new LearningStatistics(
      new BigQueryStrategyStatistics({ client: bigquery, datasetId: config.bigqueryDataset }),
      store,
      new BigQueryKnowledgeBaseStore({ client: bigquery, datasetId: config.bigqueryDataset, clock: systemClock, location: config.bigqueryLocation }),
      systemClock,
      logger,
    ),
    signingKey,
    logger,
    jobConfigurations: new BigQueryJobConfigurationSource({ client: bigquery }),
    secrets: new SecretManagerVersionInspector(),
  });
  return { service, signingKey };
}
