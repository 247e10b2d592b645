import { ConfigError } from '../../domain/errors';
import { isCategory, type Category } from '../../domain/category';
import type { Source } from '../../domain/pipeline-event';
import { NO_BACKOFF, type BackoffPolicy } from '../backoff';
import { planProblems, type Plan, type PlanStep } from '../plan';
import { STRATEGY_IDS, STRATEGY_META, strategyFitsSource } from '../strategy-catalog';
import { int, join, list, num, objectAt, oneOf, rejectUnknownKeys, text } from './readers';
import { AUTONOMY_LEVELS, type Autonomy, type BudgetLimits, type NotificationTarget } from './registration';

const DAY_MS = 24 * 60 * 60_000;
const SECRET_NAME = /^projects\/[^/\s]+\/secrets\/[^/\s]+(?:\/versions\/[^/\s]+)?$/;
const TOPIC_NAME = /^projects\/[^/\s]+\/topics\/[^/\s]+$/;

function categoryKey(name: string, key: string): Category {
  if (!isCategory(name)) throw new ConfigError(key, 'is not a category from the taxonomy');
  return name;
}

export function parseAutonomyMap(value: unknown, key: string): Partial<Record<Category, Autonomy>> {
  const out: Partial<Record<Category, Autonomy>> = {};
  for (const [name, level] of Object.entries(objectAt(value, key))) {
    const entryKey = join(key, name);
    out[categoryKey(name, entryKey)] = oneOf(level, entryKey, AUTONOMY_LEVELS);
  }
  return out;
}

function parseBackoff(value: unknown, key: string): BackoffPolicy {
  if (value === undefined) return NO_BACKOFF;
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['initialDelayMs', 'multiplier', 'maxDelayMs', 'jitter']);
  const initialDelayMs = int(raw.initialDelayMs, join(key, 'initialDelayMs'), 0, 0, DAY_MS);
  const maxDelayMs = int(raw.maxDelayMs, join(key, 'maxDelayMs'), Math.max(initialDelayMs, 0), 0, DAY_MS);
  if (maxDelayMs < initialDelayMs) throw new ConfigError(join(key, 'maxDelayMs'), `must be at least initialDelayMs (${initialDelayMs})`);
  return {
    initialDelayMs,
    multiplier: num(raw.multiplier, join(key, 'multiplier'), 2, 1, 10),
    maxDelayMs,
    jitter: raw.jitter === undefined ? 'equal' : oneOf(raw.jitter, join(key, 'jitter'), ['equal', 'full', 'none'] as const),
  };
}

function parseStep(value: unknown, key: string): PlanStep {
  if (typeof value === 'string') return { strategy: oneOf(value, key, STRATEGY_IDS), maxAttempts: 1, backoff: NO_BACKOFF };
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['strategy', 'maxAttempts', 'backoff']);
  const strategy = oneOf(raw.strategy, join(key, 'strategy'), STRATEGY_IDS);
  const maxAttempts = int(raw.maxAttempts, join(key, 'maxAttempts'), 1, 1, STRATEGY_META[strategy].terminal ? 1 : 20);
  return { strategy, maxAttempts, backoff: parseBackoff(raw.backoff, join(key, 'backoff')) };
}

/** Plans per category; with a source, every strategy must be able to act on that source's events. */
export function parsePlans(value: unknown, key: string, source: Source | null): Partial<Record<Category, Plan>> {
  const out: Partial<Record<Category, Plan>> = {};
  for (const [name, rawPlan] of Object.entries(objectAt(value, key))) {
    const planKey = join(key, name);
    const category = categoryKey(name, planKey);
    const plan = list(rawPlan, planKey).map((item, index) => parseStep(item, `${planKey}[${index}]`));
    const problems = planProblems(category, plan);
    if (problems.length > 0) throw new ConfigError(planKey, problems.join('; '));
    if (source !== null) {
      plan.forEach((s, index) => {
        if (!strategyFitsSource(s.strategy, source)) throw new ConfigError(`${planKey}[${index}]`, `${s.strategy} cannot act on ${source} pipelines`);
      });
    }
    out[category] = plan;
  }
  return out;
}

export function parseBudget(value: unknown, key: string, fallback: BudgetLimits): BudgetLimits {
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['perHour', 'perDay']);
  const perHour = int(raw.perHour, join(key, 'perHour'), fallback.perHour, 0, 1_000);
  const perDay = int(raw.perDay, join(key, 'perDay'), fallback.perDay, 0, 10_000);
  if (perDay < perHour) throw new ConfigError(join(key, 'perDay'), `must be at least perHour (${perHour})`);
  return { perHour, perDay };
}

export function parseNotification(value: unknown, key: string): NotificationTarget | undefined {
  if (value === undefined) return undefined;
  const raw = objectAt(value, key);
  const kind = oneOf(raw.kind, join(key, 'kind'), ['pubsub', 'webhook'] as const);
  if (kind === 'pubsub') {
    rejectUnknownKeys(raw, key, ['kind', 'topic']);
    return { kind, topic: text(raw.topic, join(key, 'topic'), TOPIC_NAME, 'projects/PROJECT/topics/TOPIC') };
  }
  rejectUnknownKeys(raw, key, ['kind', 'webhookSecretName']);
  return { kind, webhookSecretName: text(raw.webhookSecretName, join(key, 'webhookSecretName'), SECRET_NAME, 'projects/PROJECT/secrets/NAME') };
}

export { SECRET_NAME };
