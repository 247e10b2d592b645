/**
 * A lookup in a constant table keyed by text that came from outside. A plain `table[key]` answers
 * "constructor", "__proto__" or "toString" with Object.prototype's members, which then travel on as
 * if they were a status or a number; only the table's own entries count.
 */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
