// Usage: node scripts/run-ts.mjs scripts/smoke-test.ts --project P [--topic pipeline-logs]
//        [--dataset flexiroaster] [--location US] [--timeout-seconds 300]
// Publishes a sample Dataflow failure to the topic the log sink feeds and polls BigQuery until the
// deployed ingest function has stored it classified. Exit 0 on success, 1 on failure, 2 on usage.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { v1 } from '@google-cloud/pubsub';
import type { BigQuery } from '@google-cloud/bigquery';
import { createBigQueryClient } from '../shared/src/adapters/bigquery/bigquery-client';
import { qualifiedTable, runReadQuery, textCell } from '../shared/src/adapters/bigquery/bigquery-read-query';
import { gaxRestOptions, type GoogleApiSettings } from '../shared/src/adapters/executors/google-client-settings';
import { PIPELINE_EVENTS_TABLE } from '../shared/src/core/schema/tables';
import { smokeLogEntry } from './smoke-test/sample-entry';
import { runSmokeTest, SmokeTestFailure, type SmokeTestDependencies } from './smoke-test/smoke-test';

export interface SmokeTestSettings {
  projectId: string;
  topic: string;
  datasetId: string;
  location: string;
  timeoutMs: number;
  pollIntervalMs: number;
  /** Where the clients connect; production defaults when absent (tests: the local server). */
  pubsub?: GoogleApiSettings;
  bigquery?: BigQuery;
}

export function smokeTestDependencies(settings: SmokeTestSettings, progress: (line: string) => void): SmokeTestDependencies {
  const publisher = new v1.PublisherClient(gaxRestOptions<ConstructorParameters<typeof v1.PublisherClient>[0]>(settings.pubsub ?? {}));
  const bigquery = settings.bigquery ?? createBigQueryClient({ projectId: settings.projectId, location: settings.location });
  const table = qualifiedTable(settings.projectId, settings.datasetId, PIPELINE_EVENTS_TABLE.name);
  return {
    async publish(data) {
      const [response] = await publisher.publish({ topic: `projects/${settings.projectId}/topics/${settings.topic}`, messages: [{ data }] }, { timeout: 30_000, maxRetries: 0 });
      const messageId = response.messageIds?.[0];
      if (messageId === undefined) throw new SmokeTestFailure('topics.publish answered without a message id');
      return messageId;
    },
    async findEvent(eventId) {
      const rows = await runReadQuery(bigquery, {
        purpose: 'smoke test: look up the event',
        query: `SELECT status, category FROM ${table} WHERE event_id = @event_id LIMIT 1`,
        params: { event_id: eventId },
        location: settings.location,
      });
      const [row] = rows;
      if (row === undefined) return null;
      return { status: textCell(row.status), category: row.category === null || row.category === undefined ? null : textCell(row.category) };
    },
    sleep: (ms) => sleep(ms),
    elapsedMs: () => performance.now(),
    progress,
  };
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export async function main(args: string[], out: (line: string) => void, settingsOverride: Partial<SmokeTestSettings> = {}): Promise<number> {
  const projectId = option(args, '--project') ?? process.env.FLEXIROASTER_PROJECT_ID;
  if (projectId === undefined) {
    out('usage: smoke-test --project P [--topic pipeline-logs] [--dataset flexiroaster] [--location US] [--timeout-seconds 300]');
    return 2;
  }
  const settings: SmokeTestSettings = {
    projectId,
    topic: option(args, '--topic') ?? 'pipeline-logs',
    datasetId: option(args, '--dataset') ?? 'flexiroaster',
    location: option(args, '--location') ?? 'US',
    timeoutMs: Number(option(args, '--timeout-seconds') ?? '300') * 1000,
    pollIntervalMs: 5_000,
    ...settingsOverride,
  };
  const runId = `${new Date().toISOString().replace(/[-:.TZ]/g, '')}-${randomBytes(3).toString('hex')}`;
  try {
    const result = await runSmokeTest(smokeLogEntry(projectId, runId, new Date()), smokeTestDependencies(settings, out), settings);
    out(`smoke test passed: event ${result.eventId} stored as ${result.category} after ${(result.waitedMs / 1000).toFixed(1)} s (${result.polls} polls)`);
    return 0;
  } catch (error) {
    out(`smoke test FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), (line) => console.log(line)).then((code) => {
    process.exitCode = code;
  });
}
