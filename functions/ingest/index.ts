import { type CloudEvent, cloudEvent } from '@google-cloud/functions-framework';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import type { IngestService } from '../../shared/src/core/ingest/ingest-service';
import { StdoutLogger } from '../../shared/src/adapters/logging/stdout-logger';
import { publishForRemediation } from '../../shared/src/core/ingest/remediation-listener';
import { buildIngestRuntime } from './dependencies';
import { createIngestHandler } from './handler';
import { oncePerInstance } from '../instance';

// Parsed at load so a bad setting stops the instance at start with the variable's name, not mid-traffic.
const config = parseAppConfig(process.env);
const logger = new StdoutLogger({ minSeverity: config.logLevel, ...(config.projectId ? { projectId: config.projectId } : {}) });

// Built once per instance and reused across invocations: clients and the model load are the cold start.
const getService: () => Promise<IngestService> = oncePerInstance(async () => {
  const runtime = await buildIngestRuntime(config, logger, await remediationHandOff());
  return runtime.service;
});

/** Failures and outcomes go to the remediation-requests topic when one is configured. */
async function remediationHandOff() {
  const topic = config.remediation.requestTopic;
  if (topic === undefined || config.projectId === undefined) return {};
  const { PubSubRemediationPublisher } = await import('../../shared/src/adapters/pubsub/pubsub-remediation-publisher');
  return { onStored: publishForRemediation(new PubSubRemediationPublisher({ projectId: config.projectId, topic })) };
}

const handler = createIngestHandler(getService);
cloudEvent<unknown>('ingest', async (event: CloudEvent<unknown>) => {
  await handler(event);
});
