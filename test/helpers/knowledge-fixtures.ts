import type { KnowledgeEntry } from '../../shared/src/core/knowledge/knowledge-entry';

/** A historical error the learning loop can match (BigQuery table update rate limit). */
export const RATE_LIMIT_ENTRY: KnowledgeEntry = {
  id: 'bq-rate-001',
  knowledgeType: 'historical_error',
  category: 'rate_limiting',
  sourceSystem: 'bigquery',
  title: 'Table update rate exceeded',
  errorPattern: 'Exceeded rate limits: too many table update operations for this table.',
  resolution: 'Batch the updates; retry with exponential backoff.',
  recommendedStrategy: 'retry_with_backoff',
  sourceUrl: 'https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
  confidence: 0.9,
  successCount: 4,
  failureCount: 1,
};

/** A runbook with an empty error pattern and no URL, and text that needs CSV quoting. */
export const IAM_RUNBOOK: KnowledgeEntry = {
  id: 'iam-runbook-01',
  knowledgeType: 'runbook',
  category: 'permission_denied',
  sourceSystem: 'any',
  title: 'Grant a missing role, "least privilege"',
  errorPattern: '',
  resolution: 'Find the principal in the audit log,\nthen grant the narrowest role on the resource.',
  recommendedStrategy: 'config_fix',
  sourceUrl: '',
  confidence: 1,
  successCount: 0,
  failureCount: 0,
};

export const SCHEMA_ENTRY: KnowledgeEntry = {
  id: 'df-schema-07',
  knowledgeType: 'historical_error',
  category: 'schema_mismatch',
  sourceSystem: 'dataflow',
  title: 'BigQueryIO write: no such field',
  errorPattern: 'BigQuery insertAll error: no such field: customer_tier.',
  resolution: 'Add the column to the destination table (NULLABLE) or drop it in the pipeline, then rerun.',
  recommendedStrategy: 'schema_fix',
  sourceUrl: 'https://cloud.google.com/dataflow/docs/guides/write-to-bigquery',
  confidence: 0.75,
  successCount: 2,
  failureCount: 0,
};
