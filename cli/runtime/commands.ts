import { StdoutLogger } from '../../shared/src/adapters/logging/stdout-logger';
import { ReplayClock } from '../../shared/src/adapters/system/replay-clock';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { parseAppConfig, type AppConfig } from '../../shared/src/core/config/app-config';
import { decisionOfResult, openLocalPipeline } from './local-pipeline';
import { createClassifyCommand } from '../commands/classify';
import { createNormalizeCommand } from '../commands/normalize';
import { createReplayCommand } from '../commands/replay';
import { applicationDefaultBigQuery, storeCommands } from './store-commands';
import type { Command } from '../io';
import { loadConfiguredClassifier } from '../../shared/src/adapters/model/configured-classifier';

function config(): AppConfig {
  return parseAppConfig(process.env);
}

/** The CLI keeps stdout for its own output; ingest logs go to stderr, and only when asked for. */
function cliLogger(appConfig: AppConfig): StdoutLogger {
  const explicit = process.env.FLEXIROASTER_LOG_LEVEL !== undefined;
  return new StdoutLogger({ stream: process.stderr, minSeverity: explicit ? appConfig.logLevel : 'EMERGENCY' });
}

export function normalize(): Command {
  return createNormalizeCommand(() => loadConfiguredClassifier(config()));
}

export function classify(): Command {
  return createClassifyCommand(() => loadConfiguredClassifier(config()));
}

export function replay(): Command {
  return createReplayCommand(async () => {
    const appConfig = config();
    const replayClock = new ReplayClock(new Date(0));
    const pipeline = await openLocalPipeline(appConfig, cliLogger(appConfig), { clock: replayClock });
    return {
      handle: pipeline.handle,
      advanceClock: (timestamp) => replayClock.advanceTo(timestamp),
      decisionFor: (eventId) => decisionOfResult(pipeline.remediationOf(eventId)),
      close: pipeline.close,
    };
  }, systemClock);
}

function onStore(): ReturnType<typeof storeCommands> {
  return storeCommands({ environment: process.env, clock: systemClock, bigquery: applicationDefaultBigQuery });
}

/** report, kb and train honour FLEXIROASTER_STORE / --store (duckdb or bigquery). */
export function report(): Command {
  return onStore().report;
}

export function train(): Command {
  return onStore().train;
}

export function kb(): Command {
  return onStore().kb;
}

export function backfill(): Command {
  return onStore().backfill;
}

/** The ledger of the configured store: DuckDB locally, BigQuery with FLEXIROASTER_STORE=bigquery. */
export function signaturesConsolidate(): Command {
  return async (args, io) => {
    const { createSignaturesConsolidateCommand } = await import('../commands/signatures-consolidate');
    return createSignaturesConsolidateCommand(async () => {
      const appConfig = config();
      if (appConfig.store === 'bigquery') {
        const { openBigQueryEventStore } = await import('../../functions/ingest/bigquery-store');
        const opened = await openBigQueryEventStore(appConfig);
        return { store: opened.signatureLedger, close: opened.close };
      }
      const { DuckDbDatabase } = await import('../../shared/src/adapters/duckdb/duckdb-database');
      const { DuckDbSignatureLedgerStore } = await import('../../shared/src/adapters/duckdb/duckdb-signature-ledger-store');
      const database = await DuckDbDatabase.open(appConfig.duckdbPath);
      return { store: await DuckDbSignatureLedgerStore.open(database), close: () => database.close() };
    }, systemClock)(args, io);
  };
}

/** snapshot honours FLEXIROASTER_STORE / --store like report. */
export function snapshot(): Command {
  return onStore().snapshot;
}
