import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { ApprovalTokens } from '../../shared/src/core/remediation/approval-token';
import { parseRemediationConfig } from '../../shared/src/core/remediation/config/remediation-config';
import { RemediationService } from '../../shared/src/core/remediation/remediation-service';
import type { RemediationRequest } from '../../shared/src/core/remediation/decision';
import type { JobConfigurationSource } from '../../shared/src/core/remediation/ports';
import { MemoryLogger } from '../helpers/memory-logger';
import { APPROVAL_KEY, CountingExecutors, ManualClock, RecordingScheduler, RecordingStatistics, memoryCoordinationStore, request, seededRandom } from '../helpers/remediation-fakes';

/** What BigQueryJobConfigurationSource throws when jobs.get answers 403 accessDenied (another user's job). */
const refusedForGood: JobConfigurationSource = {
  originalJob: async (job) =>
    Promise.reject(new PermanentStoreError(`bigquery jobs.get ${job.projectId}:${job.jobId} failed with HTTP 403 accessDenied: Access Denied: Job ${job.jobId}`, [{ rowId: job.jobId, reason: 'accessDenied', message: 'Access Denied' }])),
};
const outage: JobConfigurationSource = { originalJob: async () => Promise.reject(new TransientStoreError('bigquery jobs.get failed with HTTP 503 backendError')) };

async function serviceWith(source: JobConfigurationSource, dryRun: boolean) {
  const logger = new MemoryLogger();
  const executors = new CountingExecutors();
  const service = new RemediationService({
    config: parseRemediationConfig({
      dryRun,
      plans: { network_timeout: ['retry_bigquery_job', 'escalate'] },
      pipelines: { 'acme-data.sales.orders': { source: 'bigquery', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } } },
    }),
    store: await memoryCoordinationStore(),
    executors,
    scheduler: new RecordingScheduler(),
    statistics: new RecordingStatistics(),
    approvals: new ApprovalTokens(APPROVAL_KEY),
    clock: new ManualClock(new Date('2024-05-01T10:00:05Z')),
    random: seededRandom(3),
    logger,
    jobConfigurations: source,
  });
  return { service, logger, executors };
}

/** As a request arrives over Pub/Sub: the service, not the message, asks jobs.get for the job. */
function withoutJob(sent: RemediationRequest): RemediationRequest {
  const { originalJob: _fromJobsGetOnly, ...rest } = sent;
  return rest;
}

describe('a BigQuery jobs.get refused for good does not make remediation retry forever', () => {
  it.each([true, false])('dry run %s: the decision is made without the configuration (escalation) and the refusal is logged', async (dryRun) => {
    const { service, logger, executors } = await serviceWith(refusedForGood, dryRun);
    const decision = await service.handle(withoutJob(request('network_timeout')));
    expect(decision.strategy).toBe('escalate');
    expect(executors.callsOf('bigquery.rerun_job')).toEqual([]);
    expect(logger.lines.some((line) => line.severity === 'WARNING' && /cannot be read|refused/.test(line.message))).toBe(true);
  });

  it('an outage of jobs.get is still thrown, so the request is redelivered', async () => {
    const { service } = await serviceWith(outage, true);
    await expect(service.handle(withoutJob(request('network_timeout')))).rejects.toBeInstanceOf(TransientStoreError);
  });
});
