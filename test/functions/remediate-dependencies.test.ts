import { buildProductionRemediation, tasksAudience } from '../../functions/remediate/dependencies';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import { ConfigError } from '../../shared/src/core/domain/errors';
import { MemoryLogger } from '../helpers/memory-logger';

const COMPLETE = {
  FLEXIROASTER_STORE: 'bigquery',
  FLEXIROASTER_PROJECT_ID: 'acme-data',
  FLEXIROASTER_TASKS_QUEUE: 'projects/acme-data/locations/europe-west1/queues/flexiroaster-remediation',
  FLEXIROASTER_TASKS_TARGET_URL: 'https://flexiroaster-remediation-api-123456789012.europe-west1.run.app/tasks/run',
  FLEXIROASTER_TASKS_SERVICE_ACCOUNT: 'flexiroaster-tasks@acme-data.iam.gserviceaccount.com',
  FLEXIROASTER_APPROVAL_KEY_SECRET: 'projects/acme-data/secrets/flexiroaster-approval-key/versions/latest',
};

async function missingKey(without: keyof typeof COMPLETE): Promise<string | undefined> {
  const env: Record<string, string> = { ...COMPLETE };
  delete env[without];
  if (without === 'FLEXIROASTER_PROJECT_ID') env.FLEXIROASTER_STORE = 'duckdb';
  const error = await buildProductionRemediation(parseAppConfig(env), new MemoryLogger()).catch((caught: unknown) => caught);
  return error instanceof ConfigError ? error.key : undefined;
}

describe('remediate function composition', () => {
  it.each([
    'FLEXIROASTER_PROJECT_ID',
    'FLEXIROASTER_TASKS_QUEUE',
    'FLEXIROASTER_TASKS_TARGET_URL',
    'FLEXIROASTER_TASKS_SERVICE_ACCOUNT',
    'FLEXIROASTER_APPROVAL_KEY_SECRET',
  ] as const)('fails at start naming %s when it is missing, before any API call', async (key) => {
    expect(await missingKey(key)).toBe(key);
  });

  it('signs Cloud Tasks tokens for the Cloud Run service URL, not the path the task posts to', () => {
    expect(tasksAudience(COMPLETE.FLEXIROASTER_TASKS_TARGET_URL)).toBe('https://flexiroaster-remediation-api-123456789012.europe-west1.run.app');
    expect(tasksAudience('https://europe-west1-acme-data.cloudfunctions.net/remediationApi/tasks/run')).toBeUndefined();
  });
});
