import type { CanonicalSignature, LearnedSignatureRow } from '../signature/consolidate';

/** One learned signature as an instance recorded it. */
export interface RecordedSignature extends LearnedSignatureRow {
  instanceId: string;
  /** ISO-8601 UTC. */
  recordedAt: string;
}

/** Where instances record what their miners learned and the consolidation writes its answer. */
export interface SignatureLedgerStore {
  /** Idempotent per (instance, id, aliasOf): a row recorded twice is stored once. */
  recordLearned(rows: readonly RecordedSignature[]): Promise<void>;
  readLearned(): Promise<RecordedSignature[]>;
  saveCanonical(rows: readonly CanonicalSignature[], consolidatedAt: string): Promise<void>;
}
