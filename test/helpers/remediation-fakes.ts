import { DuckDBInstance } from '@duckdb/node-api';
import type { Category } from '../../shared/src/core/domain/category';
import type { Classification } from '../../shared/src/core/domain/classification';
import type { PipelineEvent } from '../../shared/src/core/domain/pipeline-event';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { RandomSource } from '../../shared/src/core/ports/random';
import { mulberry32 } from '../../shared/src/core/forest/seeded-random';
import type { ActionExecutor, ActionKind, DeferredActionScheduler, ExecutionResult, RemediationAction } from '../../shared/src/core/remediation/actions';
import type { JsonObject } from '../../shared/src/core/domain/log-entry';
import type { RemediationRequest } from '../../shared/src/core/remediation/decision';
import type { BigQueryJobReference, ExecutorRegistry, JobConfigurationSource, OriginalBigQueryJob, StrategyOutcome, StrategyStatistics } from '../../shared/src/core/remediation/ports';
import { DuckDbCoordinationStore, serialWriter } from '../../shared/src/adapters/coordination/duckdb-coordination-store';
import type { CoordinationStore } from '../../shared/src/core/remediation/coordination-store';
import { ApprovalTokens } from '../../shared/src/core/remediation/approval-token';
import { parseRemediationConfig } from '../../shared/src/core/remediation/config/remediation-config';
import { RemediationService } from '../../shared/src/core/remediation/remediation-service';
import type { RemediationRecord } from '../../shared/src/core/remediation/remediation-record';
import { MemoryLogger } from './memory-logger';

/** The core's seeded PRNG (mulberry32), so jitter is reproducible in tests. */
export const seededRandom: (seed: number) => RandomSource = mulberry32;

export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

/** Counts every executor call; answers `submitted` unless a kind is scripted to fail. */
export class CountingExecutors implements ExecutorRegistry {
  readonly calls: RemediationAction[] = [];
  private readonly scripted = new Map<ActionKind, ExecutionResult[]>();

  failNext(kind: ActionKind, result: Partial<ExecutionResult> = {}): void {
    const queue = this.scripted.get(kind) ?? [];
    queue.push({ status: 'failed', detail: 'scripted failure', retryable: false, ...result });
    this.scripted.set(kind, queue);
  }

  callsOf(kind: ActionKind): RemediationAction[] {
    return this.calls.filter((action) => action.kind === kind);
  }

  executorFor<K extends ActionKind>(kind: K): ActionExecutor<K> | undefined {
    return {
      kinds: [kind],
      execute: async (action) => {
        this.calls.push(action as RemediationAction);
        // Yield once, as a real API call would, so concurrent callers interleave.
        await new Promise((resolve) => setImmediate(resolve));
        const scripted = this.scripted.get(kind)?.shift();
        return scripted ?? { status: 'submitted', detail: `${kind} accepted`, retryable: false, externalId: `ext-${this.calls.length}` };
      },
    };
  }
}

export class RecordingScheduler implements DeferredActionScheduler {
  readonly scheduled: Array<{ actionKey: string; notBefore: Date; payload: JsonObject }> = [];
  async schedule(request: { actionKey: string; notBefore: Date; payload: JsonObject }): Promise<{ taskName: string }> {
    this.scheduled.push(request);
    return { taskName: `tasks/${request.actionKey}` };
  }
}

export class RecordingStatistics implements StrategyStatistics {
  readonly outcomes: StrategyOutcome[] = [];
  async recordOutcome(outcome: StrategyOutcome): Promise<void> {
    this.outcomes.push(outcome);
  }
}

export async function memoryCoordinationStore(): Promise<DuckDbCoordinationStore> {
  const instance = await DuckDBInstance.create(':memory:');
  return DuckDbCoordinationStore.open(serialWriter(await instance.connect()));
}

export function failure(overrides: Partial<PipelineEvent> = {}): PipelineEvent {
  return {
    eventId: 'evt-1',
    identity: { logName: 'projects/acme-data/logs/cloudaudit.googleapis.com%2Fdata_access', insertId: 'ins-1' },
    source: 'bigquery',
    pipelineId: 'acme-data.sales.orders',
    runId: 'bquxjob_1a2b3c',
    status: 'failed',
    errorMessage: 'Connection reset by peer',
    codes: {},
    occurredAt: '2024-05-01T10:00:00.000Z',
    projectId: 'acme-data',
    location: 'US',
    resourceType: 'bigquery_project',
    resourceLabels: { project_id: 'acme-data' },
    severity: 'ERROR',
    ...overrides,
  };
}

export function classified(category: Category, confidence = 0.95, extra: Partial<Classification> = {}): Classification {
  return { category, confidence, stage: 'rules', rule: `rule.${category}`, signature: `sig-${category}`, ...extra };
}

export const QUERY_CONFIGURATION: JsonObject = { query: { query: 'SELECT 1', useLegacySql: false } };
export const ORIGINAL_PRINCIPAL = 'etl-runner@acme-data.iam.gserviceaccount.com';
/** What jobs.get says about the fixtures' failed job: a plain SELECT run by the pipeline's account. */
export const ORIGINAL_JOB: OriginalBigQueryJob = { configuration: QUERY_CONFIGURATION, statementType: 'SELECT', referencedTables: [], principal: ORIGINAL_PRINCIPAL };
/** The fixtures' BigQuery pipeline, registered so that its SELECT jobs may be re-run. */
export const ORDERS_PIPELINE = 'acme-data.sales.orders';
export const ORDERS_REGISTRATION = { source: 'bigquery', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } };

/** A request as the service sees it after jobs.get (for the pure decide()); the service itself strips originalJob from what arrives. */
export function request(category: Category, event: Partial<PipelineEvent> = {}, extra: Partial<RemediationRequest> = {}): RemediationRequest {
  return { event: failure(event), classification: classified(category), originalJob: ORIGINAL_JOB, ...extra };
}

/** Registers the fixtures' BigQuery pipeline unless the configuration says something about it itself. */
export function withOrdersRegistered(configInput: unknown): unknown {
  if (configInput !== undefined && (typeof configInput !== 'object' || configInput === null)) return configInput;
  const input = (configInput ?? {}) as { pipelines?: Record<string, unknown> };
  if (input.pipelines !== undefined && Object.hasOwn(input.pipelines, ORDERS_PIPELINE)) return configInput;
  return { ...input, pipelines: { ...(input.pipelines ?? {}), [ORDERS_PIPELINE]: ORDERS_REGISTRATION } };
}

/** jobs.get of the fixtures: every job is ORIGINAL_JOB unless a test scripts another answer. */
export class ScriptedJobs implements JobConfigurationSource {
  readonly asked: BigQueryJobReference[] = [];
  readonly jobs = new Map<string, OriginalBigQueryJob | null>();
  async originalJob(job: BigQueryJobReference): Promise<OriginalBigQueryJob | null> {
    this.asked.push(job);
    return this.jobs.has(job.jobId) ? (this.jobs.get(job.jobId) ?? null) : ORIGINAL_JOB;
  }
}

export const APPROVAL_KEY = Buffer.alloc(32, 42);

export interface Harness {
  service: RemediationService;
  store: CoordinationStore;
  executors: CountingExecutors;
  scheduler: RecordingScheduler;
  statistics: RecordingStatistics;
  clock: ManualClock;
  logger: MemoryLogger;
  tokens: ApprovalTokens;
  jobs: ScriptedJobs;
}

/** The service on the real local default store, with counting fakes at every other port. */
export async function harness(configInput: unknown, start = '2024-05-01T10:00:05.000Z', coordination?: CoordinationStore): Promise<Harness> {
  const store = coordination ?? (await memoryCoordinationStore());
  const executors = new CountingExecutors();
  const scheduler = new RecordingScheduler();
  const statistics = new RecordingStatistics();
  const clock = new ManualClock(new Date(start));
  const logger = new MemoryLogger();
  const tokens = new ApprovalTokens(APPROVAL_KEY);
  const jobs = new ScriptedJobs();
  const service = new RemediationService({
    config: parseRemediationConfig(withOrdersRegistered(configInput)),
    jobConfigurations: jobs,
    store,
    executors,
    scheduler,
    statistics,
    approvals: tokens,
    clock,
    random: seededRandom(11),
    logger,
  });
  return { service, store, executors, scheduler, statistics, clock, logger, tokens, jobs };
}

/** A submitted, executed action record of run-1 on pipeline `orders`; tests override what they are about. */
export function remediationRecord(overrides: Partial<RemediationRecord> = {}): RemediationRecord {
  return {
    action_key: 'a'.repeat(64),
    event_id: 'evt-1',
    pipeline_id: 'orders',
    run_id: 'run-1',
    root_run_id: 'run-1',
    created_run_id: null,
    source: 'bigquery',
    category: 'network_timeout',
    confidence: 0.93,
    signature: 'sig',
    strategy: 'retry_bigquery_job',
    attempt: 1,
    autonomy: 'auto',
    dry_run: false,
    executed: true,
    status: 'submitted',
    reason: 'submitted',
    explanation: '{"history":[]}',
    action: '{"kind":"bigquery.rerun_job"}',
    request: '{}',
    decided_at: '2024-05-01T10:00:00.000Z',
    not_before: null,
    deadline_at: '2024-05-01T11:00:00.000Z',
    settled_at: null,
    time_to_recover_ms: null,
    ...overrides,
  };
}
