import { type CloudEvent, cloudEvent, http } from '@google-cloud/functions-framework';
import { StdoutLogger } from '../../shared/src/adapters/logging/stdout-logger';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import type { RemediationService } from '../../shared/src/core/remediation/remediation-service';
import { buildProductionRemediation } from './dependencies';
import { createRemediateHandler } from './handler';
import { createRemediationApi } from './api';
import { oncePerInstance } from '../instance';

const config = parseAppConfig(process.env);
const logger = new StdoutLogger({ minSeverity: config.logLevel, ...(config.projectId ? { projectId: config.projectId } : {}) });

// One service per instance, shared by the Pub/Sub handler and the HTTP API.
const getService: () => Promise<RemediationService> = oncePerInstance(() => buildProductionRemediation(config, logger));

const handler = createRemediateHandler(getService, logger);
cloudEvent<unknown>('remediate', async (event: CloudEvent<unknown>) => {
  await handler(event);
});

// Cloud Tasks (deferred actions), Cloud Scheduler (deadlines) and approval links call back here.
http('remediationApi', createRemediationApi(getService, logger));
