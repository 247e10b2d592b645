import type { JsonObject } from '../../../shared/src/core/domain/log-entry';
import { ApprovalTokens } from '../../../shared/src/core/remediation/approval-token';
import { parseRemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';
import type { BigQueryJobReference } from '../../../shared/src/core/remediation/ports';
import { RemediationService } from '../../../shared/src/core/remediation/remediation-service';
import { MemoryLogger } from '../../helpers/memory-logger';
import { APPROVAL_KEY, CountingExecutors, ManualClock, RecordingScheduler, RecordingStatistics, memoryCoordinationStore, request, seededRandom } from '../../helpers/remediation-fakes';

const LOAD_CONFIGURATION: JsonObject = { load: { sourceUris: ['gs://acme-landing/orders/*.csv'], destinationTable: { projectId: 'acme-data', datasetId: 'sales', tableId: 'orders' } } };

async function serviceWith(configuration: JsonObject | null, registration: unknown = { source: 'bigquery', bigquery: { allowedStatementTypes: ['LOAD', 'SELECT'], destinationTables: ['acme-data.sales.orders'] } }) {
  const asked: BigQueryJobReference[] = [];
  const executors = new CountingExecutors();
  const service = new RemediationService({
    config: parseRemediationConfig({ dryRun: false, plans: { network_timeout: ['retry_bigquery_job', 'escalate'] }, pipelines: { 'acme-data.sales.orders': registration } }),
    store: await memoryCoordinationStore(),
    executors,
    scheduler: new RecordingScheduler(),
    statistics: new RecordingStatistics(),
    approvals: new ApprovalTokens(APPROVAL_KEY),
    clock: new ManualClock(new Date('2024-05-01T10:00:05Z')),
    random: seededRandom(3),
    logger: new MemoryLogger(),
    jobConfigurations: {
      originalJob: async (job: BigQueryJobReference) => (asked.push(job), configuration === null ? null : { configuration, referencedTables: [], principal: 'etl@acme-data.iam.gserviceaccount.com' }),
    },
  });
  return { service, executors, asked };
}

describe('BigQuery job configuration for reruns', () => {
  it('fetches the original configuration through the port when the request carries only ids', async () => {
    const { service, executors, asked } = await serviceWith(LOAD_CONFIGURATION);
    const decision = await service.handle(request('network_timeout', {}, {}));
    expect(asked).toEqual([{ projectId: 'acme-data', location: 'US', jobId: 'bquxjob_1a2b3c' }]);
    expect(decision).toMatchObject({ strategy: 'retry_bigquery_job', status: 'submitted' });
    expect(executors.calls[0]).toMatchObject({ kind: 'bigquery.rerun_job', configuration: LOAD_CONFIGURATION });
  });

  it('escalates when the audit log no longer has the configuration', async () => {
    const { service, executors } = await serviceWith(null);
    const decision = await service.handle(request('network_timeout', {}, {}));
    expect(decision.strategy).toBe('escalate');
    expect(executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it('does not ask when the plan has no rerun (a permission problem)', async () => {
    const { service, asked } = await serviceWith(LOAD_CONFIGURATION);
    await service.handle(request('permission_denied', { runId: 'job-2' }, {}));
    expect(asked).toEqual([]);
  });
});
