import type { Logger } from '../ports/logger';
import type {
  BreakerState,
  BudgetLedger,
  ClaimResult,
  CoordinationStore,
  PauseFlag,
  PauseSwitches,
  PauseTarget,
  StateUpdate,
} from './coordination-store';
import type { RemediationRecordSink } from './remediation-messaging';
import type { RecordPatch, RemediationRecord, RemediationStatus } from './remediation-record';

/**
 * A CoordinationStore that copies every record version it stores to an audit sink (BigQuery
 * `remediation_actions`): the first version after putRecord, and each version a transitionRecord
 * produced. Everything else is passed through untouched.
 *
 * The store stays the source of truth: the copy is written only after the store accepted the change,
 * and a sink failure is logged (WARNING) rather than thrown, because the change has already happened
 * and failing the caller would make it retry an action that is done. The write is awaited, so the
 * copy is finished before the function's invocation ends.
 */
export class MirroredCoordinationStore implements CoordinationStore {
  constructor(
    private readonly store: CoordinationStore,
    private readonly sink: RemediationRecordSink,
    private readonly logger: Logger,
  ) {}

  claim(actionKey: string, claimedAt: Date): Promise<ClaimResult> {
    return this.store.claim(actionKey, claimedAt);
  }

  async claimWithRecord(record: RemediationRecord): Promise<ClaimResult> {
    const result = await this.store.claimWithRecord(record);
    if (result === 'claimed') await this.mirror(record, 'putRecord');
    return result;
  }

  updateBudget<T>(pipelineId: string, mutate: (ledger: BudgetLedger) => StateUpdate<BudgetLedger, T>): Promise<T> {
    return this.store.updateBudget(pipelineId, mutate);
  }

  updateBreaker<T>(pipelineId: string, mutate: (state: BreakerState) => StateUpdate<BreakerState, T>): Promise<T> {
    return this.store.updateBreaker(pipelineId, mutate);
  }

  readPause(pipelineId: string): Promise<PauseSwitches> {
    return this.store.readPause(pipelineId);
  }

  setPause(target: PauseTarget, flag: PauseFlag | null): Promise<void> {
    return this.store.setPause(target, flag);
  }

  async putRecord(record: RemediationRecord): Promise<void> {
    await this.store.putRecord(record);
    await this.mirror(record, 'putRecord');
  }

  getRecord(actionKey: string): Promise<RemediationRecord | null> {
    return this.store.getRecord(actionKey);
  }

  async transitionRecord(actionKey: string, expected: readonly RemediationStatus[], patch: RecordPatch): Promise<RemediationRecord | null> {
    const updated = await this.store.transitionRecord(actionKey, expected, patch);
    // null: someone else settled it first, and their call mirrors the version they wrote.
    if (updated !== null) await this.mirror(updated, 'transitionRecord');
    return updated;
  }

  openForPipeline(pipelineId: string): Promise<RemediationRecord[]> {
    return this.store.openForPipeline(pipelineId);
  }

  recordsForRun(runId: string): Promise<RemediationRecord[]> {
    return this.store.recordsForRun(runId);
  }

  openDueBy(instant: string, limit: number): Promise<RemediationRecord[]> {
    return this.store.openDueBy(instant, limit);
  }

  private async mirror(record: RemediationRecord, after: 'putRecord' | 'transitionRecord'): Promise<void> {
    try {
      await this.sink.write(record);
    } catch (error) {
      this.logger.log('WARNING', 'remediation audit copy failed; the coordination store still holds the record', {
        actionKey: record.action_key,
        pipelineId: record.pipeline_id,
        status: record.status,
        after,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
}

/** Wraps `store` so every stored record version is also written to `sink` (see MirroredCoordinationStore). */
export function withRecordMirror(store: CoordinationStore, sink: RemediationRecordSink, logger: Logger): CoordinationStore {
  return new MirroredCoordinationStore(store, sink, logger);
}
