import type { FailureCategory } from '../domain/category';
import { FAILURE_CATEGORIES } from '../domain/category';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { KnowledgeBaseStore } from '../knowledge/knowledge-base-store';
import type { KnowledgeStrategy } from '../knowledge/knowledge-entry';
import { recordVerifiedResolution } from '../knowledge/record-verified-resolution';
import type { CoordinationStore } from './coordination-store';
import type { RemediationRequest } from './decision';
import type { StrategyOutcome, StrategyStatistics } from './ports';
import type { StrategyId } from './strategy-catalog';

/** The kind of fix a remediation strategy is, in the knowledge base's vocabulary. */
export function knowledgeStrategyOf(strategy: StrategyId, category: FailureCategory): KnowledgeStrategy {
  switch (strategy) {
    case 'retry_bigquery_job':
    case 'reexecute_workflow':
      return 'retry_with_backoff';
    case 'clear_failed_airflow_tasks':
    case 'trigger_airflow_dag':
    case 'drain_or_cancel_stuck_dataflow_job':
      return 'retry';
    case 'relaunch_dataflow_flex_template':
      return category === 'resource_exhaustion' ? 'relaunch_other_zone' : category === 'memory_leak' ? 'scale_resources' : 'retry';
    case 'scale_dataflow_workers':
      return 'scale_resources';
    case 'refresh_credentials':
      return 'credential_refresh';
    case 'rollback_dataflow_template':
      return 'config_fix';
    case 'pause_airflow_dag':
    case 'skip_non_critical':
      return 'pause';
    case 'notify':
    case 'escalate':
      return 'escalate';
  }
}

/**
 * Learning from verified outcomes: every outcome goes to the statistics as before, and an action that
 * really ran and was then proven to work (a success settled it) or not to work (its deadline passed
 * without one) becomes a verified resolution in the knowledge base. Executor refusals and escalations
 * say nothing about whether the fix works, so they teach the knowledge base nothing.
 */
export class LearningStatistics implements StrategyStatistics {
  constructor(
    private readonly inner: StrategyStatistics,
    private readonly records: Pick<CoordinationStore, 'getRecord'>,
    private readonly knowledge: KnowledgeBaseStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async recordOutcome(outcome: StrategyOutcome): Promise<void> {
    await this.inner.recordOutcome(outcome);
    if (outcome.strategy === 'notify' || outcome.strategy === 'escalate') return;
    if (!(FAILURE_CATEGORIES as readonly string[]).includes(outcome.category)) return;
    const record = await this.records.getRecord(outcome.actionKey);
    if (record === null || !record.executed) return;
    // An executed action that failed was failed by its deadline (executor refusals leave executed false);
    // a success without a time to recover is a holding move that the plan chained past, not a verified fix.
    if (outcome.outcome === 'succeeded' && outcome.timeToRecoverMs === null) return;
    const request = JSON.parse(record.request) as RemediationRequest;
    const message = request.event.errorMessage;
    if (message === undefined || message.trim() === '') return;
    const category = outcome.category as FailureCategory;
    try {
      await recordVerifiedResolution(
        this.knowledge,
        { category, message, strategy: knowledgeStrategyOf(outcome.strategy, category), succeeded: outcome.outcome === 'succeeded', source: outcome.source },
        this.clock,
      );
    } catch (error) {
      // The outcome is already counted; a knowledge-base hiccup must not fail the remediation path.
      this.logger.log('WARNING', 'could not record a verified resolution in the knowledge base', { actionKey: outcome.actionKey, error: String(error) });
    }
  }
}
