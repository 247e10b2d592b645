import type { CloudEvent } from '@google-cloud/functions-framework';
import { buildIngestRuntimeOn } from '../../functions/ingest/dependencies';
import { createIngestHandler } from '../../functions/ingest/handler';
import { buildRemediationService } from '../../functions/remediate/service';
import { productionExecutors } from '../../functions/remediate/executors';
import { readRemediationConfig } from '../../shared/src/adapters/config/remediation-config-file';
import { DuckDbCoordinationStore } from '../../shared/src/adapters/coordination/duckdb-coordination-store';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbKnowledgeBaseStore } from '../../shared/src/adapters/duckdb/duckdb-knowledge-base-store';
import { DuckDbEventStore } from '../../shared/src/adapters/duckdb/duckdb-event-store';
import { DuckDbSignatureLedgerStore } from '../../shared/src/adapters/duckdb/duckdb-signature-ledger-store';
import { DuckDbAnomalyStore } from '../../shared/src/adapters/duckdb/duckdb-anomaly-store';
import { DuckDbRunResources } from '../../shared/src/adapters/duckdb/duckdb-run-resources';
import { DuckDbRunStore } from '../../shared/src/adapters/duckdb/duckdb-run-store';
import { anomalyScorer } from '../../shared/src/core/anomaly/score-ended-run';
import { RunTracker } from '../../shared/src/core/runs/track-runs';
import { DuckDbStrategyStatistics } from '../../shared/src/adapters/duckdb/duckdb-strategy-statistics';
import { InProcessScheduler } from '../../shared/src/adapters/scheduling/in-process-scheduler';
import { loadApprovalSigningKey } from '../../shared/src/adapters/secrets/approval-signing-key';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import type { EventClassifier } from '../../shared/src/core/domain/classification';
import type { IngestOutcome } from '../../shared/src/core/ingest/ingest-service';
import { publishForRemediation } from '../../shared/src/core/ingest/remediation-listener';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { Logger } from '../../shared/src/core/ports/logger';
import type { Decision } from '../../shared/src/core/remediation/decision';
import { LearningStatistics } from '../../shared/src/core/remediation/learning-statistics';
import type { ExecutorRegistry } from '../../shared/src/core/remediation/ports';
import { dispatchRemediation, type DispatchResult } from '../../shared/src/core/remediation/remediation-dispatcher';
import type { RemediationService } from '../../shared/src/core/remediation/remediation-service';

export interface LocalPipeline {
  handle(event: CloudEvent<unknown>): Promise<IngestOutcome>;
  /** What remediation made of a stored event: a decision, null when none was needed, undefined if never seen. */
  remediationOf(eventId: string): DispatchResult | undefined;
  remediation: RemediationService;
  database: DuckDbDatabase;
  close(): Promise<void>;
}

export interface LocalPipelineOptions {
  classifier?: EventClassifier;
  clock?: Clock;
  /** Executors to act through when the policy is not dry run; the real GCP executors by default. */
  executors?: ExecutorRegistry;
}

/**
 * The embedded default end to end: the real ingest handler, remediation in the same process instead
 * of Pub/Sub, one DuckDB file for events, coordination state and outcome statistics.
 */
export async function openLocalPipeline(config: AppConfig, logger: Logger, options: LocalPipelineOptions = {}): Promise<LocalPipeline> {
  const database = await DuckDbDatabase.open(config.duckdbPath);
  const clock = options.clock ?? systemClock;
  const scheduler = new InProcessScheduler((actionKey, error) =>
    logger.log('ERROR', `deferred remediation action failed: ${error instanceof Error ? error.message : String(error)}`, { actionKey }),
  );
  try {
    const store = await DuckDbCoordinationStore.open(database);
    const remediationConfig = readRemediationConfig(config.remediation.configPath);
    const remediation = buildRemediationService({
      config: remediationConfig,
      store,
      executors: options.executors ?? productionExecutors(config, remediationConfig),
      scheduler,
      statistics: new LearningStatistics(await DuckDbStrategyStatistics.open(database), store, new DuckDbKnowledgeBaseStore(database, clock), clock, logger),
      signingKey: await loadApprovalSigningKey(config.remediation),
      logger,
      clock,
    });
    scheduler.bind((actionKey) => remediation.runScheduled(actionKey));
    const results = new Map<string, DispatchResult>();
    const runStore = new DuckDbRunStore(database, clock);
    const scorer = anomalyScorer({ history: runStore, anomalies: new DuckDbAnomalyStore(database), clock, resources: new DuckDbRunResources(database) });
    const ingest = await buildIngestRuntimeOn(new DuckDbEventStore(database, clock), config, logger, {
      ...(options.classifier ? { classifier: options.classifier } : {}),
      clock,
      signatureLedger: await DuckDbSignatureLedgerStore.open(database),
      runs: new RunTracker(runStore, scorer),
      onStored: publishForRemediation({
        publish: async (request) => {
          results.set(request.event.eventId, await dispatchRemediation(remediation, request));
        },
      }),
    });
    const handle = createIngestHandler(async () => ingest);
    return {
      handle,
      remediationOf: (eventId) => results.get(eventId),
      remediation,
      database,
      close: async () => {
        scheduler.cancelAll();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function decisionOfResult(result: DispatchResult | undefined): Decision | null {
  return result?.kind === 'decided' ? result.decision : null;
}
