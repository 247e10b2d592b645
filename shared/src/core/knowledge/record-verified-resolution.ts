import { TransientStoreError } from '../domain/errors';
import type { Clock } from '../ports/clock';
import type { KnowledgeBaseStore } from './knowledge-base-store';
import { applyVerifiedResolution, type LearningChange, type VerifiedResolution } from './learn-from-resolution';

export const DEFAULT_LEARNING_ATTEMPTS = 3;

/**
 * Learning from one verified resolution against the store: read the entries, let the pure
 * `applyVerifiedResolution` decide (update the matching historical error or add one), and commit
 * that one change as a compare-and-set. When another writer changed the entry in between, the
 * commit is refused and the whole step is redone from a fresh read, so no outcome is lost or
 * counted twice. After `maxAttempts` conflicts it gives up with a TransientStoreError (retry later).
 */
export async function recordVerifiedResolution(
  store: KnowledgeBaseStore,
  resolution: VerifiedResolution,
  clock: Clock,
  maxAttempts: number = DEFAULT_LEARNING_ATTEMPTS,
): Promise<LearningChange> {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const entries = await store.listEntries();
    const { change } = applyVerifiedResolution(entries, resolution, clock);
    if ((await store.commitLearning(change)) === 'applied') return change;
  }
  throw new TransientStoreError(`knowledge base: learning from a ${resolution.category} resolution conflicted with concurrent writers ${maxAttempts} times`);
}
