import { TransientStoreError } from '../../../shared/src/core/domain/errors';
import { parseRemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';
import { decide } from '../../../shared/src/core/remediation/decide';
import { RemediationService } from '../../../shared/src/core/remediation/remediation-service';
import { SecretInspectionError, type SecretInspection, type SecretVersionInspector } from '../../../shared/src/core/remediation/secret-inspector';
import { ApprovalTokens } from '../../../shared/src/core/remediation/approval-token';
import { MemoryLogger } from '../../helpers/memory-logger';
import { APPROVAL_KEY, CountingExecutors, ManualClock, RecordingScheduler, RecordingStatistics, memoryCoordinationStore, request, ScriptedJobs, seededRandom } from '../../helpers/remediation-fakes';

const CONFIG = parseRemediationConfig({
  dryRun: false,
  autonomy: { byCategory: { authentication_failure: 'auto' } },
  pipelines: { 'acme-data.sales.orders': { source: 'bigquery', secretName: 'projects/acme-data/secrets/etl-oauth', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } } },
});
const AUTH = request('authentication_failure', { errorMessage: "('invalid_grant: Token has been expired or revoked.', {'error': 'invalid_grant'})" });

function inspection(state: 'ENABLED' | 'DISABLED'): SecretInspection {
  const latest = { name: 'projects/acme-data/secrets/etl-oauth/versions/7', version: '7', state, createTime: '2024-05-01T09:00:00.000Z' };
  return { secret: 'projects/acme-data/secrets/etl-oauth', latest, latestEnabled: state === 'ENABLED', enabled: state === 'ENABLED' ? [latest] : [], disabled: state === 'DISABLED' ? [latest] : [], destroyed: [] };
}

function decideWith(secretInspection?: SecretInspection) {
  return decide({ ...AUTH, ...(secretInspection ? { secretInspection } : {}) }, { config: CONFIG, now: new Date('2024-05-01T10:00:00Z'), random: seededRandom(1) });
}

describe('refresh_credentials', () => {
  it('restarts once so the job re-reads an enabled latest secret version, naming the version', () => {
    const decision = decideWith(inspection('ENABLED'));
    expect(decision).toMatchObject({ strategy: 'refresh_credentials', action: { kind: 'bigquery.rerun_job' } });
    expect(decision.reason).toMatch(/re-reading version 7 \(created 2024-05-01T09:00:00.000Z\) of projects\/acme-data\/secrets\/etl-oauth/);
  });

  it('escalates when the latest version is disabled, since a restart would find no usable credential', () => {
    const decision = decideWith(inspection('DISABLED'));
    expect(decision.strategy).toBe('escalate');
    expect(decision.explanation.considered[0]).toEqual({ strategy: 'refresh_credentials', verdict: 'not_applicable', why: 'the latest version of projects/acme-data/secrets/etl-oauth is DISABLED (version 7): a restart would find no usable credential' });
    expect(decision.explanation.excluded).toEqual(['creating or rotating credentials is never automated']);
  });

  describe('through the service', () => {
    async function serviceWith(secrets: SecretVersionInspector) {
      const executors = new CountingExecutors();
      const service = new RemediationService({
        config: CONFIG,
        store: await memoryCoordinationStore(),
        executors,
        scheduler: new RecordingScheduler(),
        statistics: new RecordingStatistics(),
        approvals: new ApprovalTokens(APPROVAL_KEY),
        clock: new ManualClock(new Date('2024-05-01T10:00:05Z')),
        random: seededRandom(2),
        logger: new MemoryLogger(),
        secrets,
        jobConfigurations: new ScriptedJobs(),
      });
      return { service, executors };
    }

    it('inspects the registered secret by project and id before deciding', async () => {
      const asked: Array<{ projectId: string; secretId: string }> = [];
      const { service, executors } = await serviceWith({ inspect: async (secret) => (asked.push(secret), inspection('DISABLED')) });
      expect((await service.handle(AUTH)).strategy).toBe('escalate');
      expect(asked).toEqual([{ projectId: 'acme-data', secretId: 'etl-oauth' }]);
      expect(executors.callsOf('bigquery.rerun_job')).toEqual([]);
    });

    it('lets Pub/Sub retry when the inspection may pass later, and decides without it when it cannot', async () => {
      const flaky = await serviceWith({ inspect: async () => Promise.reject(new SecretInspectionError('503 backend', true, 503)) });
      await expect(flaky.service.handle(AUTH)).rejects.toBeInstanceOf(TransientStoreError);
      const forbidden = await serviceWith({ inspect: async () => Promise.reject(new SecretInspectionError('403 forbidden', false, 403)) });
      expect(await forbidden.service.handle(AUTH)).toMatchObject({ strategy: 'refresh_credentials', status: 'submitted' });
    });
  });
});
