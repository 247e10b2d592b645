import type { KnowledgeBaseStore } from '../../../shared/src/core/knowledge/knowledge-base-store';
import { LearningStatistics, knowledgeStrategyOf } from '../../../shared/src/core/remediation/learning-statistics';
import type { StrategyOutcome } from '../../../shared/src/core/remediation/ports';
import type { RemediationRecord } from '../../../shared/src/core/remediation/remediation-record';
import { MemoryLogger } from '../../helpers/memory-logger';

const clock = { now: () => new Date('2026-11-21T12:00:00Z') };

function setup(record: Partial<RemediationRecord> | null) {
  const counted: StrategyOutcome[] = [];
  const commits: unknown[] = [];
  const knowledge = {
    listEntries: async () => [],
    commitLearning: async (change: unknown) => {
      commits.push(change);
      return 'applied' as const;
    },
  } as unknown as KnowledgeBaseStore;
  const stored = record && ({ executed: true, request: JSON.stringify({ event: { errorMessage: 'Connection reset by peer while calling api.partner.example' } }), ...record } as RemediationRecord);
  const statistics = new LearningStatistics({ recordOutcome: async (o) => void counted.push(o) }, { getRecord: async () => stored }, knowledge, clock, new MemoryLogger());
  return { statistics, counted, commits };
}

const outcome = (overrides: Partial<StrategyOutcome> = {}): StrategyOutcome => ({
  strategy: 'reexecute_workflow',
  category: 'network_timeout',
  source: 'workflows',
  pipelineId: 'partner-sync',
  actionKey: 'k',
  outcome: 'succeeded',
  timeToRecoverMs: 1_800_000,
  settledAt: '2026-11-21T11:31:14Z',
  ...overrides,
});

describe('LearningStatistics', () => {
  it('counts every outcome and turns a verified success of an executed action into knowledge', async () => {
    const { statistics, counted, commits } = setup({});
    await statistics.recordOutcome(outcome());
    expect(counted).toHaveLength(1);
    expect(commits).toHaveLength(1);
    expect(JSON.stringify(commits[0])).toContain('Connection reset by peer');
  });

  it('learns nothing from an executor refusal, an escalation, or a chained step without a recovery', async () => {
    for (const [record, result] of [
      [{ executed: false }, outcome({ outcome: 'failed', timeToRecoverMs: null })],
      [{}, outcome({ strategy: 'escalate' })],
      [{}, outcome({ timeToRecoverMs: null })],
    ] as const) {
      const { statistics, counted, commits } = setup(record);
      await statistics.recordOutcome(result);
      expect(counted).toHaveLength(1);
      expect(commits).toEqual([]);
    }
  });

  it('maps strategies onto the knowledge base vocabulary by what kind of fix they are', () => {
    expect(knowledgeStrategyOf('relaunch_dataflow_flex_template', 'resource_exhaustion')).toBe('relaunch_other_zone');
    expect(knowledgeStrategyOf('relaunch_dataflow_flex_template', 'memory_leak')).toBe('scale_resources');
    expect(knowledgeStrategyOf('refresh_credentials', 'authentication_failure')).toBe('credential_refresh');
    expect(knowledgeStrategyOf('retry_bigquery_job', 'rate_limiting')).toBe('retry_with_backoff');
  });
});
