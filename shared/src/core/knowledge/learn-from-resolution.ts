import type { FailureCategory } from '../domain/category';
import type { Clock } from '../ports/clock';
import { fingerprintMessage, isNearDuplicateMessage } from './message-fingerprint';
import type { KnowledgeEntry, KnowledgeSourceSystem, KnowledgeStrategy } from './knowledge-entry';

/** A remediation whose outcome was verified (the run succeeded afterwards, or the deadline passed). */
export interface VerifiedResolution {
  category: FailureCategory;
  /** The error message that was remediated (already PII-masked by the caller). */
  message: string;
  strategy: KnowledgeStrategy;
  succeeded: boolean;
  source: KnowledgeSourceSystem;
  /** What was done, for the runbook text of a new entry; a default is written from the strategy otherwise. */
  resolution?: string;
  title?: string;
  /** Where the incident can be looked at (console link, ticket); must be http(s) when given. */
  sourceUrl?: string;
}

export type LearningChange =
  | { kind: 'created'; entry: KnowledgeEntry; learnedAt: string }
  | { kind: 'updated'; before: KnowledgeEntry; entry: KnowledgeEntry; learnedAt: string };

export interface LearningResult {
  /** A new array; the input array and its entries are not modified. */
  entries: KnowledgeEntry[];
  change: LearningChange;
}

/** Confidence of a brand-new learned entry before its outcome is folded in (an untested guess). */
export const LEARNED_PRIOR_CONFIDENCE = 0.5;
const MAX_PATTERN_LENGTH = 2000;

/**
 * Folds one outcome into a confidence, treating it as the mean of a Beta distribution that has
 * already seen `observations` outcomes plus two pseudo-observations: c + (outcome - c) / (n + 2).
 * A curated 0.9 with no history moves to 0.95 on a success and 0.45 on a failure; an entry with
 * 50 verified outcomes barely moves.
 */
export function updatedConfidence(confidence: number, observations: number, succeeded: boolean): number {
  const next = confidence + ((succeeded ? 1 : 0) - confidence) / (observations + 2);
  return Math.round(Math.min(1, Math.max(0, next)) * 10000) / 10000;
}

function matches(entry: KnowledgeEntry, resolution: VerifiedResolution): boolean {
  return (
    entry.knowledgeType === 'historical_error' &&
    entry.category === resolution.category &&
    entry.recommendedStrategy === resolution.strategy &&
    entry.errorPattern !== '' &&
    isNearDuplicateMessage(entry.errorPattern, resolution.message)
  );
}

/** Deterministic 32-bit FNV-1a, hex: keeps learned ids stable for the same message and time. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const DEFAULT_RESOLUTION: Record<KnowledgeStrategy, string> = {
  retry: 'Retried the failed run once without changes.',
  retry_with_backoff: 'Retried the failed run with exponential backoff.',
  scale_resources: 'Raised the resources of the failing job (workers, machine type or slots) and reran it.',
  relaunch_other_zone: 'Relaunched the job in another zone or region.',
  credential_refresh: 'Refreshed or rotated the credentials the job uses and reran it.',
  config_fix: 'Corrected the job or environment configuration and reran it.',
  dependency_fix: 'Installed or restored the missing dependency and reran the job.',
  schema_fix: 'Aligned the table schema with the data and reran the job.',
  data_cleanup: 'Quarantined or repaired the bad input data and reran the job.',
  pause: 'Paused the pipeline until the upstream problem was resolved.',
  escalate: 'Escalated to the owning team.',
};

/**
 * Learning from a verified resolution. If a historical_error entry of the same category and strategy
 * already describes the message (equal or near-equal after masking numbers and ids), its success or
 * failure count goes up by one and its confidence is updated; otherwise a new historical_error entry
 * is added. Pure: the clock only names the new entry and stamps the change.
 */
export function applyVerifiedResolution(entries: readonly KnowledgeEntry[], resolution: VerifiedResolution, clock: Clock): LearningResult {
  const message = resolution.message.trim();
  if (message === '') throw new RangeError('a verified resolution needs the error message it resolved');
  if (resolution.sourceUrl !== undefined && resolution.sourceUrl !== '' && !/^https?:\/\/\S+$/.test(resolution.sourceUrl))
    throw new RangeError(`sourceUrl must be an http(s) URL, got "${resolution.sourceUrl}"`);
  const learnedAt = clock.now().toISOString();

  const index = entries.findIndex((entry) => matches(entry, resolution));
  if (index >= 0) {
    const before = entries[index] as KnowledgeEntry;
    const entry: KnowledgeEntry = {
      ...before,
      successCount: before.successCount + (resolution.succeeded ? 1 : 0),
      failureCount: before.failureCount + (resolution.succeeded ? 0 : 1),
      confidence: updatedConfidence(before.confidence, before.successCount + before.failureCount, resolution.succeeded),
    };
    const next = [...entries];
    next[index] = entry;
    return { entries: next, change: { kind: 'updated', before, entry, learnedAt } };
  }

  const stamp = learnedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const baseId = `learned-${resolution.category}-${stamp}-${fnv1a(`${resolution.strategy}|${fingerprintMessage(message)}`)}`;
  const taken = new Set(entries.map((entry) => entry.id));
  let id = baseId;
  for (let n = 2; taken.has(id); n += 1) id = `${baseId}-${n}`;

  const entry: KnowledgeEntry = {
    id,
    knowledgeType: 'historical_error',
    category: resolution.category,
    sourceSystem: resolution.source,
    title: resolution.title?.trim() || `Learned: ${resolution.category.replace(/_/g, ' ')} resolved by ${resolution.strategy.replace(/_/g, ' ')}`,
    errorPattern: message.length > MAX_PATTERN_LENGTH ? message.slice(0, MAX_PATTERN_LENGTH) : message,
    resolution: resolution.resolution?.trim() || DEFAULT_RESOLUTION[resolution.strategy],
    recommendedStrategy: resolution.strategy,
    sourceUrl: resolution.sourceUrl ?? '',
    confidence: updatedConfidence(LEARNED_PRIOR_CONFIDENCE, 0, resolution.succeeded),
    successCount: resolution.succeeded ? 1 : 0,
    failureCount: resolution.succeeded ? 0 : 1,
  };
  return { entries: [...entries, entry], change: { kind: 'created', entry, learnedAt } };
}
