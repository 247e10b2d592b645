import { type CloudEvent, cloudEvent } from '@google-cloud/functions-framework';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import type { IngestService } from '../../shared/src/core/ingest/ingest-service';
import { StdoutLogger } from '../../shared/src/adapters/logging/stdout-logger';
import { buildIngestRuntime } from './dependencies';
import { createIngestHandler } from './handler';

// Parsed at load so a bad setting stops the instance at start with the variable's name, not mid-traffic.
const config = parseAppConfig(process.env);
const logger = new StdoutLogger({ minSeverity: config.logLevel, ...(config.projectId ? { projectId: config.projectId } : {}) });

// Built once per instance and reused across invocations: clients and the model load are the cold start.
let service: Promise<IngestService> | undefined;
function getService(): Promise<IngestService> {
  service ??= buildIngestRuntime(config, logger).then((runtime) => runtime.service);
  service.catch(() => {
    service = undefined;
  });
  return service;
}

const handler = createIngestHandler(getService);
cloudEvent<unknown>('ingest', async (event: CloudEvent<unknown>) => {
  await handler(event);
});
