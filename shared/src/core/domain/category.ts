/** Category ids from docs/TAXONOMY.md. Stable: stored in BigQuery and keyed in the knowledge base. */
export const FAILURE_CATEGORIES = [
  'permission_denied',
  'authentication_failure',
  'network_timeout',
  'timeout_exceeded',
  'rate_limiting',
  'resource_exhaustion',
  'memory_leak',
  'disk_space_full',
  'schema_mismatch',
  'data_corruption',
  'missing_dependency',
  'configuration_error',
] as const;

export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];
export type Category = FailureCategory | 'unknown';
export const CATEGORIES: readonly Category[] = [...FAILURE_CATEGORIES, 'unknown'];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
