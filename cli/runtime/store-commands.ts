// report, kb and train on the store the user chose: the embedded DuckDB file, or the deployment's
// BigQuery dataset (FLEXIROASTER_STORE=bigquery or --store bigquery) from a laptop with ADC.
import type { BigQuery } from '@google-cloud/bigquery';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { KnowledgeBaseStore } from '../../shared/src/core/knowledge/knowledge-base-store';
import { createKbCommand } from '../commands/kb';
import { createReportCommand, type ReportSources } from '../commands/report';
import { createSnapshotCommand } from '../commands/snapshot';
import type { SnapshotService } from '../../shared/src/core/health/snapshot-service';
import type { StoredKnowledge } from '../commands/train';
import type { Command } from '../io';
import { StoreOptionError, takeStoreOption } from '../store-option';

/** Builds the BigQuery client for a configuration; tests point it at a local server. */
export type BigQueryClientFactory = (config: AppConfig) => Promise<BigQuery>;

export const applicationDefaultBigQuery: BigQueryClientFactory = async (config) => {
  const { createBigQueryClient } = await import('../../shared/src/adapters/bigquery/bigquery-client');
  return createBigQueryClient({ projectId: config.projectId as string, location: config.bigqueryLocation });
};

export interface StoreCommandDependencies {
  environment: NodeJS.ProcessEnv;
  clock: Clock;
  bigquery: BigQueryClientFactory;
}

async function knowledgeStore(config: AppConfig, deps: StoreCommandDependencies): Promise<{ store: KnowledgeBaseStore; close(): Promise<void> }> {
  if (config.store === 'bigquery') {
    const { BigQueryKnowledgeBaseStore } = await import('../../shared/src/adapters/bigquery/bigquery-knowledge-base-store');
    const client = await deps.bigquery(config);
    return { store: new BigQueryKnowledgeBaseStore({ client, datasetId: config.bigqueryDataset, location: config.bigqueryLocation, clock: deps.clock }), close: async () => undefined };
  }
  const { DuckDbDatabase } = await import('../../shared/src/adapters/duckdb/duckdb-database');
  const { DuckDbKnowledgeBaseStore } = await import('../../shared/src/adapters/duckdb/duckdb-knowledge-base-store');
  const database = await DuckDbDatabase.open(config.duckdbPath);
  return { store: new DuckDbKnowledgeBaseStore(database, deps.clock), close: () => database.close() };
}

async function reportSources(config: AppConfig, deps: StoreCommandDependencies): Promise<ReportSources> {
  if (config.store === 'bigquery') {
    const { BigQueryReportReader } = await import('../../shared/src/adapters/bigquery/bigquery-report-reader');
    const { BigQueryRemediationReportReader } = await import('../../shared/src/adapters/bigquery/bigquery-remediation-report-reader');
    const client = await deps.bigquery(config);
    const target = { client, projectId: config.projectId as string, datasetId: config.bigqueryDataset, location: config.bigqueryLocation };
    return { reader: new BigQueryReportReader(target), remediation: new BigQueryRemediationReportReader(target), close: async () => undefined };
  }
  const { DuckDbDatabase } = await import('../../shared/src/adapters/duckdb/duckdb-database');
  const { DuckDbReportReader } = await import('../../shared/src/adapters/duckdb/duckdb-report-reader');
  const { DuckDbRemediationReportReader } = await import('../../shared/src/adapters/coordination/duckdb-remediation-report-reader');
  const { DuckDbAnomalyReportReader } = await import('../../shared/src/adapters/duckdb/duckdb-anomaly-report-reader');
  const { DuckDbAnalyticsViews } = await import('../../shared/src/adapters/duckdb/duckdb-analytics-views');
  const database = await DuckDbDatabase.open(config.duckdbPath);
  let installed: ReturnType<typeof DuckDbAnalyticsViews.install> | undefined;
  return {
    reader: new DuckDbReportReader(database),
    remediation: new DuckDbRemediationReportReader(database),
    anomalies: new DuckDbAnomalyReportReader(database),
    // Installed on first use only: the text report does not need the views.
    views: { store: `embedded (${config.duckdbPath})`, rows: async (view) => (await (installed ??= DuckDbAnalyticsViews.install(database))).rows(view) },
    close: () => database.close(),
  };
}

async function snapshotService(config: AppConfig, deps: StoreCommandDependencies): Promise<{ snapshots: SnapshotService; close(): Promise<void> }> {
  const { SnapshotService } = await import('../../shared/src/core/health/snapshot-service');
  if (config.store === 'bigquery') {
    const { BigQuerySnapshotReader } = await import('../../shared/src/adapters/bigquery/bigquery-snapshot-reader');
    const client = await deps.bigquery(config);
    return { snapshots: new SnapshotService(new BigQuerySnapshotReader({ client, datasetId: config.bigqueryDataset, location: config.bigqueryLocation }), deps.clock), close: async () => undefined };
  }
  const { DuckDbDatabase } = await import('../../shared/src/adapters/duckdb/duckdb-database');
  const { DuckDbSnapshotReader } = await import('../../shared/src/adapters/duckdb/duckdb-snapshot-reader');
  const database = await DuckDbDatabase.open(config.duckdbPath);
  return { snapshots: new SnapshotService(new DuckDbSnapshotReader(database), deps.clock), close: () => database.close() };
}

/** Wraps a command so `--store` is read (and removed) first and the configuration names that store. */
function onChosenStore(deps: StoreCommandDependencies, build: (config: AppConfig) => Command): Command {
  return async (args, io) => {
    let chosen;
    try {
      chosen = takeStoreOption(args, deps.environment);
    } catch (error) {
      if (!(error instanceof StoreOptionError)) throw error;
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    const config = parseAppConfig({ ...deps.environment, FLEXIROASTER_STORE: chosen.store });
    return build(config)(chosen.args, io);
  };
}

export function storeCommands(deps: StoreCommandDependencies): { report: Command; kb: Command; train: Command; backfill: Command; snapshot: Command } {
  return {
    snapshot: onChosenStore(deps, (config) => createSnapshotCommand(() => snapshotService(config, deps))),
    backfill: onChosenStore(deps, (config) => async (args, io) => {
      const { createBackfillCommand } = await import('../commands/backfill');
      return createBackfillCommand({
        clock: deps.clock,
        defaultProject: config.projectId,
        openTarget: async () => {
          const { buildIngestRuntime } = await import('../../functions/ingest/dependencies');
          const { StdoutLogger } = await import('../../shared/src/adapters/logging/stdout-logger');
          // No remediation hand-off: history is not an incident.
          const runtime = await buildIngestRuntime(config, new StdoutLogger({ stream: io.stderr, minSeverity: 'EMERGENCY' }));
          return { target: runtime.service, close: runtime.close };
        },
        exportRows: (source, since) => ({
          async *[Symbol.asyncIterator]() {
            const { BigQueryLogExportReader } = await import('../../shared/src/adapters/bigquery/bigquery-log-export-reader');
            const client = await deps.bigquery({ ...config, projectId: source.projectId });
            yield* new BigQueryLogExportReader({ client, ...source }).rowsSince(since);
          },
        }),
      })(args, io);
    }),
    report: onChosenStore(deps, (config) => createReportCommand(() => reportSources(config, deps))),
    kb: onChosenStore(deps, (config) => createKbCommand(() => knowledgeStore(config, deps))),
    train: onChosenStore(deps, (config) => async (args, io) => {
      const { createTrainCommand } = await import('../commands/train');
      return createTrainCommand(async (): Promise<StoredKnowledge> => {
        const { store, close } = await knowledgeStore(config, deps);
        try {
          const stored = await store.listEntries();
          const times = stored.flatMap((entry) => [entry.createdAt, entry.updatedAt]).sort();
          return {
            entries: stored.map(({ createdAt: _createdAt, updatedAt: _updatedAt, ...entry }) => entry),
            window: { from: times[0] ?? null, to: times[times.length - 1] ?? null },
          };
        } finally {
          await close();
        }
      })(args, io);
    }),
  };
}
