import type { Category } from '../domain/category';
import type { KnowledgeEvidence } from '../domain/classification';
import type { Neighbor } from './inverted-index';

/** What the index knows about one knowledge-base document, kept in the artifact. */
export interface IndexedEntry {
  id: string;
  category: Category;
  title: string;
  resolution: string;
  strategy: string;
  successCount: number;
  failureCount: number;
  /** Curator's confidence in the entry, 0..1. */
  confidence: number;
}

export interface RetrievalEvidence extends KnowledgeEvidence {
  /** Weight this neighbour carried in the retrieval distribution. */
  weight: number;
}

/**
 * Laplace-smoothed success rate: an entry whose fix worked 9 of 10 times counts more than an
 * untested one, but an untested entry still counts (rate 0.5), so new runbooks are not ignored.
 */
export function verifiedSuccessRate(entry: Pick<IndexedEntry, 'successCount' | 'failureCount'>): number {
  return (entry.successCount + 1) / (entry.successCount + entry.failureCount + 2);
}

/** Similarity dominates (squared, so near-duplicates outweigh loose matches); success and curation scale it. */
export function evidenceWeight(similarity: number, entry: IndexedEntry): number {
  return similarity * similarity * (0.5 + verifiedSuccessRate(entry)) * (0.5 + 0.5 * entry.confidence);
}

export function toEvidence(neighbors: readonly Neighbor[], entries: readonly IndexedEntry[]): RetrievalEvidence[] {
  return neighbors.map(({ document, similarity }) => {
    const entry = entries[document];
    if (!entry) throw new RangeError(`index refers to document ${document}, but only ${entries.length} entries are known`);
    return {
      id: entry.id,
      category: entry.category,
      similarity,
      title: entry.title,
      resolution: entry.resolution,
      strategy: entry.strategy,
      successCount: entry.successCount,
      failureCount: entry.failureCount,
      weight: evidenceWeight(similarity, entry),
    };
  });
}

/** Distribution over `categories` from the neighbours' weights; null when nothing similar was found. */
export function retrievalDistribution(evidence: readonly RetrievalEvidence[], categories: readonly Category[]): Float64Array | null {
  const distribution = new Float64Array(categories.length);
  let total = 0;
  for (const item of evidence) {
    const position = categories.indexOf(item.category);
    if (position < 0) continue;
    distribution[position] = (distribution[position] as number) + item.weight;
    total += item.weight;
  }
  if (total === 0) return null;
  for (let i = 0; i < distribution.length; i += 1) distribution[i] = (distribution[i] as number) / total;
  return distribution;
}
