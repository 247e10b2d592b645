import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbRemediationReportReader } from '../../shared/src/adapters/coordination/duckdb-remediation-report-reader';
import { DuckDbReportReader } from '../../shared/src/adapters/duckdb/duckdb-report-reader';
import { StdoutLogger } from '../../shared/src/adapters/logging/stdout-logger';
import { ReplayClock } from '../../shared/src/adapters/system/replay-clock';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { parseAppConfig, type AppConfig } from '../../shared/src/core/config/app-config';
import { decisionOfResult, openLocalPipeline } from './local-pipeline';
import { createKbCommand } from '../commands/kb';
import { DuckDbKnowledgeBaseStore } from '../../shared/src/adapters/duckdb/duckdb-knowledge-base-store';
import { createClassifyCommand } from '../commands/classify';
import { createNormalizeCommand } from '../commands/normalize';
import { createReplayCommand } from '../commands/replay';
import { createReportCommand } from '../commands/report';
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

export function report(): Command {
  return createReportCommand(async () => {
    const database = await DuckDbDatabase.open(config().duckdbPath);
    return { reader: new DuckDbReportReader(database), remediation: new DuckDbRemediationReportReader(database), close: () => database.close() };
  });
}

export function train(): Command {
  return async (args, io) => {
    const { createTrainCommand } = await import('../commands/train');
    return createTrainCommand(async () => {
      const database = await DuckDbDatabase.open(config().duckdbPath);
      try {
        const stored = await new DuckDbKnowledgeBaseStore(database, systemClock).listEntries();
        const times = stored.flatMap((entry) => [entry.createdAt, entry.updatedAt]).sort();
        return {
          entries: stored.map(({ createdAt: _createdAt, updatedAt: _updatedAt, ...entry }) => entry),
          window: { from: times[0] ?? null, to: times[times.length - 1] ?? null },
        };
      } finally {
        await database.close();
      }
    })(args, io);
  };
}

export function kb(): Command {
  return createKbCommand(async () => {
    const database = await DuckDbDatabase.open(config().duckdbPath);
    return { store: new DuckDbKnowledgeBaseStore(database, systemClock), close: () => database.close() };
  });
}
