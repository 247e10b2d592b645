import type { FailureCategory } from '../domain/category';
import type { Source } from '../domain/pipeline-event';

/** The seven kinds of knowledge the base holds (issue 3). */
export const KNOWLEDGE_TYPES = [
  'historical_error',
  'runbook',
  'best_practice',
  'infrastructure_doc',
  'team_expertise',
  'configuration_template',
  'escalation_procedure',
] as const;
export type KnowledgeType = (typeof KNOWLEDGE_TYPES)[number];

/**
 * Remediation families a knowledge entry recommends. They are coarser than the executable
 * `StrategyId`s of the remediation catalog: an entry says *what kind* of fix worked, the planner maps
 * it onto a concrete action for the failing source.
 */
export const KNOWLEDGE_STRATEGIES = [
  'retry',
  'retry_with_backoff',
  'scale_resources',
  'relaunch_other_zone',
  'credential_refresh',
  'config_fix',
  'dependency_fix',
  'schema_fix',
  'data_cleanup',
  'pause',
  'escalate',
] as const;
export type KnowledgeStrategy = (typeof KNOWLEDGE_STRATEGIES)[number];

/** The service an entry is about; `any` for knowledge that holds across services (IAM, quotas, networking). */
export type KnowledgeSourceSystem = Source | 'any';
export const KNOWLEDGE_SOURCE_SYSTEMS: readonly KnowledgeSourceSystem[] = ['bigquery', 'dataflow', 'composer', 'workflows', 'any'];

/** Column names of the knowledge-base CSV, in the order `serializeKnowledgeCsv` writes them. */
export const KNOWLEDGE_COLUMNS = [
  'id',
  'knowledge_type',
  'category',
  'source_system',
  'title',
  'error_pattern',
  'resolution',
  'recommended_strategy',
  'source_url',
  'confidence',
  'success_count',
  'failure_count',
] as const;
export type KnowledgeColumn = (typeof KNOWLEDGE_COLUMNS)[number];

export interface KnowledgeEntry {
  id: string;
  knowledgeType: KnowledgeType;
  /** Knowledge is always about a failure category; `unknown` is not a subject of knowledge. */
  category: FailureCategory;
  sourceSystem: KnowledgeSourceSystem;
  title: string;
  /** The error text as the service prints it; required for historical_error, may be empty otherwise. */
  errorPattern: string;
  /** What the on-call engineer does, step by step. */
  resolution: string;
  recommendedStrategy: KnowledgeStrategy;
  /** Where the error or the procedure is documented; empty when it is internal knowledge. */
  sourceUrl: string;
  /** Curator's (or the learning loop's) confidence that the resolution fixes the pattern, 0..1. */
  confidence: number;
  successCount: number;
  failureCount: number;
}

export function isKnowledgeType(value: unknown): value is KnowledgeType {
  return typeof value === 'string' && (KNOWLEDGE_TYPES as readonly string[]).includes(value);
}

export function isKnowledgeStrategy(value: unknown): value is KnowledgeStrategy {
  return typeof value === 'string' && (KNOWLEDGE_STRATEGIES as readonly string[]).includes(value);
}

export function isKnowledgeSourceSystem(value: unknown): value is KnowledgeSourceSystem {
  return typeof value === 'string' && (KNOWLEDGE_SOURCE_SYSTEMS as readonly string[]).includes(value);
}
