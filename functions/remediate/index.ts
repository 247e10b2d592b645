import { type CloudEvent, cloudEvent, http } from '@google-cloud/functions-framework';
import { StdoutLogger } from '../../shared/src/adapters/logging/stdout-logger';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import type { RemediationService } from '../../shared/src/core/remediation/remediation-service';
import { createRemediateHandler } from './handler';
import { createRemediationApi, type RemediationApiContext } from './api';
import { oncePerInstance } from '../instance';

const config = parseAppConfig(process.env);
const logger = new StdoutLogger({ minSeverity: config.logLevel, ...(config.projectId ? { projectId: config.projectId } : {}) });

// One service per instance, shared by the Pub/Sub handler and the HTTP API. The GCP clients load on
// first use: every function of the deployed source loads this module, and ingest should not pay for them.
const getService: () => Promise<RemediationService> = oncePerInstance(async () => {
  const { buildProductionRemediation } = await import('./dependencies');
  return buildProductionRemediation(config, logger);
});

const handler = createRemediateHandler(getService, logger);
cloudEvent<unknown>('remediate', async (event: CloudEvent<unknown>) => {
  await handler(event);
});

// Cloud Tasks (deferred actions), Cloud Scheduler (deadlines) and approval links call back here.
const getApi: () => Promise<RemediationApiContext> = oncePerInstance(async () => {
  const { buildProductionApi } = await import('./dependencies');
  return buildProductionApi(config, logger);
});
http('remediationApi', createRemediationApi(getApi, logger));
