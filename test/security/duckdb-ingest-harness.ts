import type { CloudEvent } from '@google-cloud/functions-framework';
import { createIngestHandler } from '../../functions/ingest/handler';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbEventStore } from '../../shared/src/adapters/duckdb/duckdb-event-store';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import { type IngestOutcome, IngestService } from '../../shared/src/core/ingest/ingest-service';
import { MemoryLogger } from '../helpers/memory-logger';

export const SINK_TIMESTAMP = '2026-11-21T03:00:02.021Z';

/** The real ingest handler over a real (in-memory) DuckDB store, as the Cloud Function and `replay` build it. */
export interface DuckDbIngest {
  handle(event: CloudEvent<unknown>): Promise<IngestOutcome>;
  database: DuckDbDatabase;
  logger: MemoryLogger;
  /** Every row of a table with every column cast to text, for "is X anywhere" checks. */
  rows(table: 'pipeline_events' | 'rejected_events'): Promise<Array<Record<string, string | null>>>;
  count(table: 'pipeline_events' | 'rejected_events'): Promise<number>;
  close(): Promise<void>;
}

export async function openDuckDbIngest(): Promise<DuckDbIngest> {
  const database = await DuckDbDatabase.open(':memory:');
  const clock = { now: () => new Date('2026-11-21T03:00:05.000Z') };
  const logger = new MemoryLogger();
  const service = new IngestService({ store: new DuckDbEventStore(database, clock), classifier: new RulesOnlyClassifier(), logger, clock });
  const handle = createIngestHandler(async () => service);
  const rows = (table: string) =>
    database.read(async (connection) => {
      const reader = await connection.runAndReadAll(`SELECT * FROM ${table}`);
      return reader.getRowObjectsJson().map((row) => {
        const out: Record<string, string | null> = {};
        for (const [key, value] of Object.entries(row)) out[key] = value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);
        return out;
      });
    });
  return {
    handle,
    database,
    logger,
    rows,
    count: async (table) => (await rows(table)).length,
    close: () => database.close(),
  };
}

/** A Pub/Sub messagePublished CloudEvent as Eventarc delivers it, carrying the given bytes as message.data. */
export function pubsubEvent(data: Buffer | string, messageId: string): CloudEvent<unknown> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return {
    specversion: '1.0',
    id: messageId,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: '//pubsub.googleapis.com/projects/analytics-prod/topics/pipeline-logs',
    data: {
      message: { data: bytes.toString('base64'), attributes: { 'logging.googleapis.com/timestamp': SINK_TIMESTAMP }, messageId, publishTime: SINK_TIMESTAMP },
      subscription: 'projects/analytics-prod/subscriptions/eventarc-us-central1-ingest-sub-123',
    },
  } as CloudEvent<unknown>;
}

/** A Composer (Airflow worker) LogEntry with the labels Composer attaches to task logs. */
export function composerEntry(textPayload: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    insertId: 'k3l9x2f1a8b',
    logName: 'projects/analytics-prod/logs/airflow-worker',
    resource: { type: 'cloud_composer_environment', labels: { project_id: 'analytics-prod', location: 'us-central1', environment_name: 'etl-prod' } },
    labels: { workflow: 'daily_sales', 'task-id': 'load_orders', 'execution-date': '2026-11-21T03:00:00+00:00', 'try-number': '1' },
    timestamp: '2026-11-21T03:00:01.123456Z',
    receiveTimestamp: '2026-11-21T03:00:02.021Z',
    severity: 'INFO',
    textPayload,
    ...overrides,
  };
}
