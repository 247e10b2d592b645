// Every reference an expression makes (var.x, local.y, module.m.out, type.name, data.type.name), found by
// the HCL parser itself rather than by pattern so that `for` variables and strings are not mistaken for one.
import { getReferencesInExpression } from '@cdktf/hcl2json';
import type { HclValue } from './hcl-module';

export interface FoundReference {
  /** Dotted traversal as the parser reports it, e.g. module.pubsub.topic_ids. */
  readonly value: string;
  /** Path of the argument holding the expression, for messages. */
  readonly where: string;
}

function* strings(value: HclValue, where: string): Generator<{ text: string; where: string }> {
  if (typeof value === 'string') {
    if (value.includes('${') || value.includes('%{')) yield { text: value, where };
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* strings(item, `${where}[${index}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // ignore_changes and replace_triggered_by name attributes, not values; a variable's type is not an expression.
      if (key === 'lifecycle' || (where.startsWith('variable ') && key === 'type')) continue;
      yield* strings(item, where === '' ? key : `${where}.${key}`);
    }
  }
}

/**
 * hcl2json gives a template's literal parts decoded (quotes unescaped) but its interpolations as source;
 * the reference finder wants HCL source again, so the literal parts are escaped back.
 */
export function templateSource(value: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i] as string;
    const next = value[i + 1];
    if ((char === '$' || char === '%') && next === '{') {
      depth += 1;
      out += `${char}{`;
      i += 1;
    } else if (depth > 0) {
      if (char === '{') depth += 1;
      else if (char === '}') depth -= 1;
      out += char;
    } else if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else out += char;
  }
  return out;
}

export async function referencesIn(value: HclValue, where: string): Promise<FoundReference[]> {
  const found: FoundReference[] = [];
  for (const expression of strings(value, where)) {
    for (const reference of await getReferencesInExpression('expression.tf', templateSource(expression.text))) {
      found.push({ value: reference.value, where: expression.where });
    }
  }
  return found;
}
