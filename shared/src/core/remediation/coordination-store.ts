import type { RecordPatch, RemediationRecord, RemediationStatus } from './remediation-record';

export type ClaimResult = 'claimed' | 'already_claimed';

/** Automatic actions of one pipeline within the last day, oldest first (ISO-8601 UTC). */
export interface BudgetLedger {
  actionTimes: string[];
}

export interface BreakerState {
  /** Consecutive failed remediations since the last success. */
  consecutiveFailures: number;
  /** Set while open: automation is stopped for the pipeline until the cool-down has passed. */
  openedAt: string | null;
  /** The half-open probe in flight, if any: only one action may test a cooled-down breaker. */
  probeStartedAt: string | null;
}

export const CLOSED_BREAKER: BreakerState = { consecutiveFailures: 0, openedAt: null, probeStartedAt: null };
export const EMPTY_LEDGER: BudgetLedger = { actionTimes: [] };

/** What a read-modify-write computes: the state to store and what to tell the caller. */
export interface StateUpdate<S, T> {
  next: S;
  result: T;
}

export interface PauseFlag {
  by: string;
  reason: string;
  at: string;
}

export interface PauseSwitches {
  global: PauseFlag | null;
  pipeline: PauseFlag | null;
}

export type PauseTarget = { scope: 'global' } | { scope: 'pipeline'; pipelineId: string };

/**
 * Shared state behind the guardrails and verification. Every method is atomic on its own: several
 * function instances call it concurrently for the same Pub/Sub message.
 * - `claim` succeeds for exactly one caller per key, ever.
 * - `updateBudget` / `updateBreaker` run `mutate` on the current state inside a transaction; `mutate`
 *   must be pure because a store may call it again when the transaction retries.
 * - `transitionRecord` changes a record only if it is still open (settled_at null) with a status in
 *   `expected`, so one outcome settles it exactly once; null when someone else got there first.
 * Implementations throw TransientStoreError when a retry may succeed.
 */
export interface CoordinationStore {
  claim(actionKey: string, claimedAt: Date): Promise<ClaimResult>;
  /**
   * Claims record.action_key and stores the record's first version in one atomic step: either both
   * exist afterwards or neither does, so no crash can leave a claim without its decision.
   */
  claimWithRecord(record: RemediationRecord): Promise<ClaimResult>;
  updateBudget<T>(pipelineId: string, mutate: (ledger: BudgetLedger) => StateUpdate<BudgetLedger, T>): Promise<T>;
  updateBreaker<T>(pipelineId: string, mutate: (state: BreakerState) => StateUpdate<BreakerState, T>): Promise<T>;
  readPause(pipelineId: string): Promise<PauseSwitches>;
  setPause(target: PauseTarget, flag: PauseFlag | null): Promise<void>;
  /** Stores the first version of a record; only the claim winner calls it, so it may overwrite. */
  putRecord(record: RemediationRecord): Promise<void>;
  getRecord(actionKey: string): Promise<RemediationRecord | null>;
  transitionRecord(actionKey: string, expected: readonly RemediationStatus[], patch: RecordPatch): Promise<RemediationRecord | null>;
  /** Open records with a deadline for the pipeline. */
  openForPipeline(pipelineId: string): Promise<RemediationRecord[]>;
  /** Every record, open or settled, whose run_id or created_run_id is the given run. */
  recordsForRun(runId: string): Promise<RemediationRecord[]>;
  /** Open records whose deadline is at or before `instant` (ISO-8601 UTC). */
  openDueBy(instant: string, limit: number): Promise<RemediationRecord[]>;
}
