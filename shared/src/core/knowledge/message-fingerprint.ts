/**
 * Comparable form of an error message: lowercased, with the parts that vary between occurrences of
 * the same error (numbers, ids, hashes, URLs, paths, quoted names) masked. Two messages whose
 * fingerprints are equal, or whose masked token sets overlap almost completely, are the same error
 * text for knowledge-base purposes (learning updates the existing entry; evaluation data must not
 * contain them).
 */

const MASKS: readonly (readonly [RegExp, string])[] = [
  [/\bhttps?:\/\/\S+/g, ' <url> '],
  [/\bgs:\/\/\S+/g, ' <gcs> '],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' <email> '],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' <uuid> '],
  [/\b\d{4}-\d{2}-\d{2}[t _]\d{2}[:_]\d{2}[:_]\d{2}(?:[.,]\d+)?(?:z|[+-]\d{2}:?\d{2})?/g, ' <ts> '],
  [/\b(?=[a-z_]*\d)[a-z0-9_]*[0-9][a-z0-9_]{5,}\b/g, ' <id> '],
  [/\b0x[0-9a-f]+\b/g, ' <hex> '],
  [/\d+(?:\.\d+)?/g, ' <num> '],
];

export function fingerprintMessage(message: string): string {
  let text = message.toLowerCase();
  for (const [pattern, replacement] of MASKS) text = text.replace(pattern, replacement);
  return text
    .replace(/[^a-z0-9<>_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function tokenSet(fingerprint: string): Set<string> {
  return new Set(fingerprint.split(' ').filter((token) => token.length > 0));
}

/** Jaccard overlap of the masked token sets, 0..1. */
export function messageSimilarity(a: string, b: string): number {
  const left = tokenSet(fingerprintMessage(a));
  const right = tokenSet(fingerprintMessage(b));
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared += 1;
  return shared / (left.size + right.size - shared);
}

export const NEAR_DUPLICATE_THRESHOLD = 0.8;

/** Equal after masking, or masked token sets overlapping at NEAR_DUPLICATE_THRESHOLD or more. */
export function isNearDuplicateMessage(a: string, b: string, threshold = NEAR_DUPLICATE_THRESHOLD): boolean {
  const fa = fingerprintMessage(a);
  const fb = fingerprintMessage(b);
  if (fa === fb) return true;
  return messageSimilarity(a, b) >= threshold;
}
