/**
 * Nesting depth is bounded before anything recursive (identity hashing, masking, normalising) sees a
 * value: JSON.parse itself copes with 100,000 levels, the walkers after it overflow the stack. Cloud
 * Logging's own LogEntry shapes stay under 15 levels; 100 leaves room for structured payloads.
 */
export const MAX_JSON_DEPTH = 100;

/** Deepest bracket nesting in JSON text, stopping early once past `limit`; strings are skipped. One pass, no recursion. */
export function jsonTextDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (code === 0x5d || code === 0x7d) depth -= 1;
  }
  return deepest;
}

/** Whether an already-parsed value nests deeper than `limit`; iterative, so it is safe on any input. */
export function valueDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop() as { value: unknown; depth: number };
    if (typeof top.value !== 'object' || top.value === null) continue;
    const depth = top.depth + 1;
    if (depth > limit) return true;
    for (const inner of Array.isArray(top.value) ? top.value : Object.values(top.value)) stack.push({ value: inner, depth });
  }
  return false;
}
