import { randomUUID } from 'node:crypto';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { loadConfiguredClassifier } from '../../shared/src/adapters/model/configured-classifier';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import type { EventClassifier } from '../../shared/src/core/domain/classification';
import { IngestService, type StoredEventListener } from '../../shared/src/core/ingest/ingest-service';
import type { EventStore } from '../../shared/src/core/ports/event-store';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { Logger } from '../../shared/src/core/ports/logger';
import type { SignatureLedgerStore } from '../../shared/src/core/signature-ledger/signature-ledger-store';
import { anomalyScorer, type AnomalyStore, type RunResourceReader } from '../../shared/src/core/anomaly/score-ended-run';
import type { RunHistoryReader, RunStore } from '../../shared/src/core/runs/run-store';
import { RunTracker } from '../../shared/src/core/runs/track-runs';

export interface IngestRuntime {
  service: IngestService;
  close(): Promise<void>;
}

export interface OpenedStore {
  store: EventStore;
  signatureLedger: SignatureLedgerStore;
  runs: RunStore & RunHistoryReader;
  anomalies: AnomalyStore;
  resources?: RunResourceReader;
  close(): Promise<void>;
}

// Each store's client is loaded only when chosen: a deployed function never pays for DuckDB's native
// binding at cold start, and a local run never loads the BigQuery client.
async function openStore(config: AppConfig): Promise<OpenedStore> {
  if (config.store === 'bigquery') {
    const { openBigQueryEventStore } = await import('./bigquery-store');
    return openBigQueryEventStore(config);
  }
  const { DuckDbDatabase } = await import('../../shared/src/adapters/duckdb/duckdb-database');
  const { DuckDbEventStore } = await import('../../shared/src/adapters/duckdb/duckdb-event-store');
  const { DuckDbSignatureLedgerStore } = await import('../../shared/src/adapters/duckdb/duckdb-signature-ledger-store');
  const { DuckDbRunStore } = await import('../../shared/src/adapters/duckdb/duckdb-run-store');
  const { DuckDbAnomalyStore } = await import('../../shared/src/adapters/duckdb/duckdb-anomaly-store');
  const { DuckDbRunResources } = await import('../../shared/src/adapters/duckdb/duckdb-run-resources');
  const database = await DuckDbDatabase.open(config.duckdbPath);
  try {
    return {
      store: new DuckDbEventStore(database, systemClock),
      signatureLedger: await DuckDbSignatureLedgerStore.open(database),
      runs: new DuckDbRunStore(database, systemClock),
      anomalies: new DuckDbAnomalyStore(database),
      resources: new DuckDbRunResources(database),
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export interface IngestOptions {
  classifier?: EventClassifier;
  onStored?: StoredEventListener;
  clock?: Clock;
  /** Where the classifier's learned signatures are recorded, under a per-instance id. */
  signatureLedger?: SignatureLedgerStore;
  /** Run telemetry (pipeline_runs) and anomaly scoring; off when absent. */
  runs?: RunTracker;
}

/** The ingest use case over a given store. */
export async function buildIngestRuntimeOn(store: EventStore, config: AppConfig, logger: Logger, options: IngestOptions = {}): Promise<IngestService> {
  return new IngestService({
    store,
    classifier: options.classifier ?? (await loadConfiguredClassifier(config)),
    logger,
    clock: options.clock ?? systemClock,
    limits: config.limits,
    ...(options.onStored ? { onStored: options.onStored } : {}),
    // One id per process: what one function instance (or one CLI run) learned is one ledger.
    ...(options.signatureLedger ? { signatureLedger: { store: options.signatureLedger, instanceId: randomUUID() } } : {}),
    ...(options.runs ? { runs: options.runs } : {}),
  });
}

/** Composition root of the ingest path, shared by the Cloud Function and `flexiroaster replay`. */
export async function buildIngestRuntime(config: AppConfig, logger: Logger, options: IngestOptions = {}): Promise<IngestRuntime> {
  const opened = await openStore(config);
  try {
    const clock = options.clock ?? systemClock;
    const scorer = anomalyScorer({ history: opened.runs, anomalies: opened.anomalies, clock, ...(opened.resources ? { resources: opened.resources } : {}) });
    const runs = options.runs ?? new RunTracker(opened.runs, scorer);
    return { service: await buildIngestRuntimeOn(opened.store, config, logger, { signatureLedger: opened.signatureLedger, ...options, runs }), close: () => opened.close() };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
