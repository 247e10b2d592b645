import { http } from '@google-cloud/functions-framework';
import { StdoutLogger } from '../../shared/src/adapters/logging/stdout-logger';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import { oncePerInstance } from '../instance';
import { createApi, type ApiDependencies } from './app';

const config = parseAppConfig(process.env);
const logger = new StdoutLogger({ minSeverity: config.logLevel, ...(config.projectId ? { projectId: config.projectId } : {}) });

const getDependencies: () => Promise<ApiDependencies> = oncePerInstance(async () => {
  const { buildApiDependencies } = await import('./dependencies');
  return buildApiDependencies(config);
});

http('api', createApi(getDependencies, logger));
