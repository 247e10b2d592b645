import type { Category } from '../../domain/category';
import type { Plan } from '../plan';
import type { StrategyId } from '../strategy-catalog';
import { parseAutonomyMap, parseBudget, parseNotification, parsePlans } from './parse-policy';
import { parsePipelines } from './parse-registration';
import { parseRiskPolicy, type RiskPolicy } from '../../risk/policy/risk-policy';
import { bool, int, num, objectAt, oneOf, optionalText, rejectUnknownKeys, textList, join } from './readers';
import { AUTONOMY_LEVELS, type Autonomy, type BudgetLimits, type NotificationTarget, type PipelineRegistration } from './registration';

export interface BreakerSettings {
  /** Consecutive failed remediations of one pipeline that stop automation for it. */
  failureThreshold: number;
  /** After this long an open breaker lets one probe action through (half-open). */
  coolDownMs: number;
}

/** Glob patterns (`*`, `?`); deny wins over allow. */
export interface Scopes {
  allowProjects: string[];
  denyProjects: string[];
  allowPipelines: string[];
  denyPipelines: string[];
}

export interface RemediationConfig {
  /** A new installation only records what it would have done. */
  dryRun: boolean;
  /** Below this classification confidence nothing runs without a person: auto becomes approve. */
  minConfidence: number;
  autonomy: { default: Autonomy; byCategory: Partial<Record<Category, Autonomy>> };
  plans: Partial<Record<Category, Plan>>;
  budget: BudgetLimits;
  breaker: BreakerSettings;
  scopes: Scopes;
  approval: { ttlMs: number; baseUrl?: string };
  verificationDeadlineMs: Readonly<Record<StrategyId, number>>;
  notification?: NotificationTarget;
  pipelines: Readonly<Record<string, PipelineRegistration>>;
  /** Failure-risk gate thresholds (issue 8); parsed with defaults (dry run, warn 0.3, hold 0.7) when absent. */
  risk?: RiskPolicy;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_AUTONOMY_BY_CATEGORY: Readonly<Record<Category, Autonomy>> = {
  permission_denied: 'notify',
  authentication_failure: 'approve',
  network_timeout: 'auto',
  timeout_exceeded: 'approve',
  rate_limiting: 'auto',
  resource_exhaustion: 'auto',
  memory_leak: 'approve',
  disk_space_full: 'approve',
  schema_mismatch: 'approve',
  data_corruption: 'approve',
  missing_dependency: 'approve',
  configuration_error: 'approve',
  unknown: 'notify',
};

export const DEFAULT_VERIFICATION_DEADLINE_MS: Readonly<Record<StrategyId, number>> = {
  scale_dataflow_workers: 30 * MINUTE,
  retry_bigquery_job: HOUR,
  relaunch_dataflow_flex_template: 2 * HOUR,
  clear_failed_airflow_tasks: 2 * HOUR,
  trigger_airflow_dag: 3 * HOUR,
  reexecute_workflow: HOUR,
  refresh_credentials: 2 * HOUR,
  skip_non_critical: 0,
  pause_airflow_dag: 15 * MINUTE,
  rollback_dataflow_template: 2 * HOUR,
  drain_or_cancel_stuck_dataflow_job: 30 * MINUTE,
  notify: 0,
  escalate: 0,
};

const TOP_LEVEL_KEYS = ['dryRun', 'minConfidence', 'autonomy', 'plans', 'budget', 'breaker', 'scopes', 'approval', 'verificationDeadlineMs', 'notification', 'pipelines', 'risk'];
const GLOB = /^[A-Za-z0-9*?_.:\-/]+$/;
const URL_BASE = /^https?:\/\/[^\s]+[^/\s]$/;

/**
 * Parses the remediation configuration (JSON from a file, a Secret or an environment variable, read at
 * the edge) into a typed object with defaults. `parseRemediationConfig(undefined)` is a safe new
 * installation: dry run, default plans, 3 actions per hour and 10 per day per pipeline.
 */
export function parseRemediationConfig(input: unknown): RemediationConfig {
  const raw = objectAt(input, 'remediation');
  rejectUnknownKeys(raw, '', TOP_LEVEL_KEYS);
  const autonomyRaw = objectAt(raw.autonomy, 'autonomy');
  rejectUnknownKeys(autonomyRaw, 'autonomy', ['default', 'byCategory']);
  const breakerRaw = objectAt(raw.breaker, 'breaker');
  rejectUnknownKeys(breakerRaw, 'breaker', ['failureThreshold', 'coolDownMs']);
  const scopesRaw = objectAt(raw.scopes, 'scopes');
  rejectUnknownKeys(scopesRaw, 'scopes', ['allowProjects', 'denyProjects', 'allowPipelines', 'denyPipelines']);
  const approvalRaw = objectAt(raw.approval, 'approval');
  rejectUnknownKeys(approvalRaw, 'approval', ['ttlMs', 'baseUrl']);
  const globs = (value: unknown, key: string, fallback: string[]): string[] =>
    value === undefined ? fallback : textList(value, key, GLOB, 'a glob of letters, digits, * ? _ . : - /');

  const config: RemediationConfig = {
    dryRun: bool(raw.dryRun, 'dryRun', true),
    minConfidence: num(raw.minConfidence, 'minConfidence', 0.6, 0, 1),
    autonomy: {
      default: autonomyRaw.default === undefined ? 'approve' : oneOf(autonomyRaw.default, 'autonomy.default', AUTONOMY_LEVELS),
      byCategory: { ...DEFAULT_AUTONOMY_BY_CATEGORY, ...parseAutonomyMap(autonomyRaw.byCategory, 'autonomy.byCategory') },
    },
    plans: parsePlans(raw.plans, 'plans', null),
    budget: parseBudget(raw.budget, 'budget', { perHour: 3, perDay: 10 }),
    breaker: {
      failureThreshold: int(breakerRaw.failureThreshold, 'breaker.failureThreshold', 3, 1, 100),
      coolDownMs: int(breakerRaw.coolDownMs, 'breaker.coolDownMs', 30 * MINUTE, 1_000, 7 * 24 * HOUR),
    },
    scopes: {
      allowProjects: globs(scopesRaw.allowProjects, 'scopes.allowProjects', ['*']),
      denyProjects: globs(scopesRaw.denyProjects, 'scopes.denyProjects', []),
      allowPipelines: globs(scopesRaw.allowPipelines, 'scopes.allowPipelines', ['*']),
      denyPipelines: globs(scopesRaw.denyPipelines, 'scopes.denyPipelines', []),
    },
    approval: { ttlMs: int(approvalRaw.ttlMs, 'approval.ttlMs', 24 * HOUR, MINUTE, 7 * 24 * HOUR) },
    verificationDeadlineMs: parseDeadlines(raw.verificationDeadlineMs),
    pipelines: {},
  };
  const baseUrl = optionalText(approvalRaw.baseUrl, 'approval.baseUrl', URL_BASE, 'an http(s) URL without a trailing slash');
  if (baseUrl !== undefined) config.approval.baseUrl = baseUrl;
  const notification = parseNotification(raw.notification, 'notification');
  if (notification !== undefined) config.notification = notification;
  config.pipelines = parsePipelines(raw.pipelines, 'pipelines');
  config.risk = parseRiskPolicy(raw.risk);
  return config;
}

function parseDeadlines(value: unknown): Record<StrategyId, number> {
  const raw = objectAt(value, 'verificationDeadlineMs');
  rejectUnknownKeys(raw, 'verificationDeadlineMs', Object.keys(DEFAULT_VERIFICATION_DEADLINE_MS));
  const out = { ...DEFAULT_VERIFICATION_DEADLINE_MS };
  for (const [strategy, ms] of Object.entries(raw)) {
    out[strategy as StrategyId] = int(ms, join('verificationDeadlineMs', strategy), 0, MINUTE, 7 * 24 * HOUR);
  }
  return out;
}
