import type { FailureCategory } from '../domain/category';
import type { KnowledgeEntry, KnowledgeType } from './knowledge-entry';
import type { LearningChange } from './learn-from-resolution';

/** An entry as stored: the entry plus when it was first stored and last changed (RFC 3339, UTC). */
export interface StoredKnowledgeEntry extends KnowledgeEntry {
  createdAt: string;
  updatedAt: string;
}

export interface KnowledgeQuery {
  category?: FailureCategory;
  knowledgeType?: KnowledgeType;
}

export interface UpsertSummary {
  /** Ids that were not stored before. */
  inserted: number;
  /** Ids that were stored and now hold the new values (created_at kept). */
  updated: number;
}

/**
 * What committing a learning change did: `applied`, or `conflict` when the stored entry is no longer
 * the `before` the change was computed from (another writer got there first) or, for a new entry,
 * its id is already taken. A conflict changes nothing; the caller re-reads and recomputes.
 */
export type LearningCommit = 'applied' | 'conflict';

/**
 * Durable knowledge base (table knowledge_base, keyed by id).
 *
 * Errors: TransientStoreError when a retry may succeed (the store was unavailable, a concurrent
 * write conflicted), PermanentStoreError when the same call cannot succeed (a row is invalid for
 * the table; rowErrors name the entry ids).
 */
export interface KnowledgeBaseStore {
  /** Entries matching the query (all when absent), ordered by id. */
  listEntries(query?: KnowledgeQuery): Promise<StoredKnowledgeEntry[]>;

  /**
   * Inserts entries with new ids and replaces those with stored ids; entries not named are kept
   * (learned entries survive an upload). All or nothing: when any entry is refused, none is applied.
   * Entries must be valid (`checkStorableEntries`); ids must be unique within the call.
   */
  upsertEntries(entries: readonly KnowledgeEntry[]): Promise<UpsertSummary>;

  /**
   * Applies one change from `applyVerifiedResolution` atomically, as a compare-and-set: an update
   * only if the stored entry still has the `before` counts and confidence, a creation only if the
   * id is free. Stamps updated_at (and created_at for a new entry) with `change.learnedAt`.
   */
  commitLearning(change: LearningChange): Promise<LearningCommit>;
}
