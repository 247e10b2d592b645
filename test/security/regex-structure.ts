/** What a regular expression's source says about its worst case, read structurally (no timing). */
export interface QuantifierFinding {
  nested: string[];
  unbounded: string[];
}

/** Length of a quantifier at `at` ("*", "+", "?", "{n}", "{n,}", "{n,m}", optionally lazy), its upper bound, or null. */
function quantifierAt(source: string, at: number): { length: number; max: number } | null {
  const char = source[at];
  let length = 0;
  let max = 0;
  if (char === '*' || char === '+') [length, max] = [1, Infinity];
  else if (char === '?') [length, max] = [1, 1];
  else if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
    if (match === null) return null;
    length = match[0].length;
    max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  } else return null;
  if (source[at + length] === '?') length += 1;
  return { length, max };
}

/**
 * Nested quantifiers: a repeated group that itself contains a repetition ((a+)+, (?:x\.\w*)+), the
 * shape that backtracks exponentially or polynomially. Unbounded: *, + or {n,}, which let one match
 * attempt scan to the end of the text.
 */
export function quantifierFindings(source: string): QuantifierFinding {
  const findings: QuantifierFinding = { nested: [], unbounded: [] };
  const groups: Array<{ start: number; repeats: boolean }> = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char === '[') {
      index += 1;
      while (index < source.length && source[index] !== ']') index += source[index] === '\\' ? 2 : 1;
      index += 1;
    } else if (char === '(') {
      groups.push({ start: index, repeats: false });
      index += 1;
      if (source[index] === '?') index += 1;
      continue;
    } else if (char === ')') {
      const group = groups.pop();
      index += 1;
      const quantifier = quantifierAt(source, index);
      if (group !== undefined && quantifier !== null && quantifier.max > 1) {
        if (group.repeats) findings.nested.push(source.slice(group.start, index + quantifier.length));
        if (groups.length > 0) (groups[groups.length - 1] as { repeats: boolean }).repeats = true;
      }
      if (group !== undefined && group.repeats && groups.length > 0) (groups[groups.length - 1] as { repeats: boolean }).repeats = true;
      if (quantifier !== null) {
        if (quantifier.max === Infinity) findings.unbounded.push(source.slice(Math.max(0, index - 20), index + quantifier.length));
        index += quantifier.length;
      }
      continue;
    } else index += 1;
    const quantifier = quantifierAt(source, index);
    if (quantifier !== null) {
      if (quantifier.max > 1 && groups.length > 0) (groups[groups.length - 1] as { repeats: boolean }).repeats = true;
      if (quantifier.max === Infinity) findings.unbounded.push(source.slice(Math.max(0, index - 20), index + quantifier.length));
      index += quantifier.length;
    }
  }
  return findings;
}
