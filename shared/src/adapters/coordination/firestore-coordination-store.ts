import type { CollectionReference, DocumentData, DocumentReference, Firestore, Query, Transaction } from '@google-cloud/firestore';
import { TransientStoreError } from '../../core/domain/errors';
import {
  CLOSED_BREAKER,
  EMPTY_LEDGER,
  type BreakerState,
  type BudgetLedger,
  type ClaimResult,
  type CoordinationStore,
  type PauseFlag,
  type PauseSwitches,
  type PauseTarget,
  type StateUpdate,
} from '../../core/remediation/coordination-store';
import { REMEDIATION_ACTIONS_TABLE, isOpen, type RecordPatch, type RemediationRecord, type RemediationStatus } from '../../core/remediation/remediation-record';

/** google.rpc codes a later try may get past; Firestore reports contention as ABORTED. */
const TRANSIENT_CODES = new Set([4, 8, 10, 13, 14]);
const ALREADY_EXISTS = 6;
const FIELDS = REMEDIATION_ACTIONS_TABLE.fields.map((f) => f.name);
/** Per-pipeline documents see a handful of writers at once; more attempts than the default 5 ride out bursts. */
const TRANSACTION_ATTEMPTS = 20;

/**
 * CoordinationStore on Firestore (production). A claim is a document create(), which fails with
 * ALREADY_EXISTS for every caller but the first. Budgets, breakers and record settlement are
 * transactions. Open records carry three index fields that exist only while open, so every query
 * needs only Firestore's automatic single-field indexes: open_pipeline, open_deadline, runs.
 */
export class FirestoreCoordinationStore implements CoordinationStore {
  constructor(
    private readonly firestore: Firestore,
    /** Collections are named `${prefix}_claims`, `${prefix}_state` and `${prefix}_actions`. */
    private readonly prefix = 'flexiroaster',
  ) {}

  async claim(actionKey: string, claimedAt: Date): Promise<ClaimResult> {
    try {
      await this.collection('claims').doc(actionKey).create({ claimed_at: claimedAt.toISOString() });
      return 'claimed';
    } catch (error) {
      if (codeOf(error) === ALREADY_EXISTS) return 'already_claimed';
      throw mapped(error, `claiming ${actionKey}`);
    }
  }

  /** The record document is the claim: create() fails with ALREADY_EXISTS for every caller but the first, record and claim at once. */
  async claimWithRecord(record: RemediationRecord): Promise<ClaimResult> {
    try {
      await this.collection('actions').doc(record.action_key).create(toDocument(record));
      return 'claimed';
    } catch (error) {
      if (codeOf(error) === ALREADY_EXISTS) return 'already_claimed';
      throw mapped(error, `claiming ${record.action_key} with its record`);
    }
  }

  updateBudget<T>(pipelineId: string, mutate: (ledger: BudgetLedger) => StateUpdate<BudgetLedger, T>): Promise<T> {
    return this.updateState(`budget:${encodeURIComponent(pipelineId)}`, EMPTY_LEDGER, mutate);
  }

  updateBreaker<T>(pipelineId: string, mutate: (state: BreakerState) => StateUpdate<BreakerState, T>): Promise<T> {
    return this.updateState(`breaker:${encodeURIComponent(pipelineId)}`, CLOSED_BREAKER, mutate);
  }

  async readPause(pipelineId: string): Promise<PauseSwitches> {
    try {
      const [global, pipeline] = await this.firestore.getAll(this.pauseDoc({ scope: 'global' }), this.pauseDoc({ scope: 'pipeline', pipelineId }));
      const flag = (data: DocumentData | undefined): PauseFlag | null => (data === undefined ? null : (data.state as PauseFlag));
      return { global: flag(global?.data()), pipeline: flag(pipeline?.data()) };
    } catch (error) {
      throw mapped(error, `reading pause switches for ${pipelineId}`);
    }
  }

  async setPause(target: PauseTarget, flag: PauseFlag | null): Promise<void> {
    try {
      if (flag === null) await this.pauseDoc(target).delete();
      else await this.pauseDoc(target).set({ state: flag });
    } catch (error) {
      throw mapped(error, 'setting a pause switch');
    }
  }

  async putRecord(record: RemediationRecord): Promise<void> {
    try {
      await this.collection('actions').doc(record.action_key).set(toDocument(record));
    } catch (error) {
      throw mapped(error, `writing record ${record.action_key}`);
    }
  }

  async getRecord(actionKey: string): Promise<RemediationRecord | null> {
    try {
      const snapshot = await this.collection('actions').doc(actionKey).get();
      return snapshot.exists ? fromDocument(snapshot.data() as DocumentData) : null;
    } catch (error) {
      throw mapped(error, `reading record ${actionKey}`);
    }
  }

  async transitionRecord(actionKey: string, expected: readonly RemediationStatus[], patch: RecordPatch): Promise<RemediationRecord | null> {
    const ref = this.collection('actions').doc(actionKey);
    try {
      return await this.firestore.runTransaction(
        async (transaction: Transaction) => {
          const snapshot = await transaction.get(ref);
          if (!snapshot.exists) return null;
          const current = fromDocument(snapshot.data() as DocumentData);
          if (current.settled_at !== null || !(expected as readonly string[]).includes(current.status)) return null;
          const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
          const next: RemediationRecord = { ...current, ...changes };
          transaction.set(ref, toDocument(next));
          return next;
        },
        { maxAttempts: TRANSACTION_ATTEMPTS },
      );
    } catch (error) {
      throw mapped(error, `transitioning record ${actionKey}`);
    }
  }

  async openForPipeline(pipelineId: string): Promise<RemediationRecord[]> {
    return this.query(`open records of ${pipelineId}`, this.collection('actions').where('open_pipeline', '==', pipelineId));
  }

  async recordsForRun(runId: string): Promise<RemediationRecord[]> {
    return this.query(`records of run ${runId}`, this.collection('actions').where('runs', 'array-contains', runId));
  }

  async openDueBy(instant: string, limit: number): Promise<RemediationRecord[]> {
    const query = this.collection('actions').where('open_deadline', '<=', instant).orderBy('open_deadline').limit(Math.max(1, Math.floor(limit)));
    return this.query(`records due by ${instant}`, query);
  }

  private async query(what: string, query: Query): Promise<RemediationRecord[]> {
    try {
      return (await query.get()).docs.map((doc) => fromDocument(doc.data()));
    } catch (error) {
      throw mapped(error, `querying ${what}`);
    }
  }

  private async updateState<S, T>(docId: string, initial: S, mutate: (state: S) => StateUpdate<S, T>): Promise<T> {
    const ref = this.collection('state').doc(docId);
    try {
      return await this.firestore.runTransaction(
        async (transaction: Transaction) => {
          const snapshot = await transaction.get(ref);
          const { next, result } = mutate(snapshot.exists ? ((snapshot.data() as DocumentData).state as S) : initial);
          transaction.set(ref, { state: next });
          return result;
        },
        { maxAttempts: TRANSACTION_ATTEMPTS },
      );
    } catch (error) {
      throw mapped(error, `updating ${docId}`);
    }
  }

  private pauseDoc(target: PauseTarget): DocumentReference {
    return this.collection('state').doc(target.scope === 'global' ? 'pause-global' : `pause:${encodeURIComponent(target.pipelineId)}`);
  }

  private collection(name: 'claims' | 'state' | 'actions'): CollectionReference {
    return this.firestore.collection(`${this.prefix}_${name}`);
  }
}

/** set() replaces the whole document, so leaving the open_* fields out is what removes a settled record from the queries. */
function toDocument(record: RemediationRecord): DocumentData {
  const document: DocumentData = { ...record, runs: record.created_run_id === null ? [record.run_id] : [record.run_id, record.created_run_id] };
  if (isOpen(record) && record.deadline_at !== null) {
    document.open_pipeline = record.pipeline_id;
    document.open_deadline = record.deadline_at;
  }
  return document;
}

function fromDocument(data: DocumentData): RemediationRecord {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) out[field] = data[field] ?? null;
  return out as RemediationRecord;
}

function codeOf(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

function mapped(error: unknown, what: string): unknown {
  const code = codeOf(error);
  if (code !== undefined && TRANSIENT_CODES.has(code)) {
    return new TransientStoreError(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return error;
}
