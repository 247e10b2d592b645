import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbEventStore } from '../../shared/src/adapters/duckdb/duckdb-event-store';
import { DUCKDB_ERROR_KINDS, toStoreError } from '../../shared/src/adapters/duckdb/duckdb-errors';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import type { ClassifiedEvent } from '../../shared/src/core/domain/pipeline-event';
import { IngestService } from '../../shared/src/core/ingest/ingest-service';
import type { EventStore } from '../../shared/src/core/ports/event-store';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import { classifiedEvent } from '../helpers/classified-event-fixture';
import { MemoryLogger } from '../helpers/memory-logger';
import { composerEntry } from './duckdb-ingest-harness';

/** DuckDB's ExceptionType names as the message prefix spells them (src/common/exception.cpp), by what they say about the row. */
const ROW_FAULTS = ['Conversion', 'Constraint', 'Invalid Input', 'Out of Range', 'Mismatch Type', 'Invalid type', 'Divide by Zero', 'Decimal', 'Unknown Type', 'Parameter Not Resolved', 'Parameter Not Allowed', 'Sequence'];
const OUTAGES = ['IO', 'Connection', 'TransactionContext', 'Out of Memory', 'INTERRUPT', 'FATAL', 'INTERNAL', 'Catalog', 'Binder', 'Parser', 'Serialization', 'Permission', 'HTTP', 'Dependency', 'Not implemented', 'Invalid Configuration'];

describe('DuckDB errors are classified by their exception type, never by guess', () => {
  it.each(ROW_FAULTS)('"%s Error" is permanent: the row itself is wrong', (kind) => {
    const error = toStoreError(new Error(`${kind} Error: something about the value`), 'saving evt-1', 'evt-1');
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect(DUCKDB_ERROR_KINDS.get(kind)).toBe('permanent');
  });

  it.each(OUTAGES)('"%s Error" is transient: a property of the deployment, retried', (kind) => {
    const error = toStoreError(new Error(`${kind} Error: the database is unwell`), 'saving evt-1', 'evt-1');
    expect(error).toBeInstanceOf(TransientStoreError);
    expect(DUCKDB_ERROR_KINDS.get(kind)).toBe('transient');
  });

  it('an error without a DuckDB exception type (unknown) is retried rather than filed as bad input', () => {
    expect(toStoreError(new Error('socket hang up'), 'saving evt-1', 'evt-1')).toBeInstanceOf(TransientStoreError);
  });

  it('store error messages are PII-masked before they can be logged by the runtime', () => {
    const error = toStoreError(new Error("Conversion Error: Could not convert string 'password=hunter2hunter2 for jane.doe@example.com' to INT64"), 'saving evt-1', 'evt-1');
    expect(error.message).not.toContain('hunter2hunter2');
    expect(error.message).not.toContain('jane.doe@example.com');
  });
});

describe('the real DuckDB store refuses bad values as permanent errors', () => {
  let database: DuckDbDatabase;
  beforeEach(async () => {
    database = await DuckDbDatabase.open(':memory:');
  });
  afterEach(() => database.close());
  const store = () => new DuckDbEventStore(database, { now: () => new Date('2026-11-21T03:00:05Z') });

  it('a value the binding cannot represent (a function where a string belongs) is permanent', async () => {
    const event = { ...classifiedEvent(), status: Object as unknown as ClassifiedEvent['status'] };
    await expect(store().saveEvent(event)).rejects.toBeInstanceOf(PermanentStoreError);
  });

  it('a Conversion Error from DuckDB (a timestamp that is not one) is permanent', async () => {
    const event = { ...classifiedEvent(), occurredAt: 'yesterday-ish' };
    await expect(store().saveEvent(event)).rejects.toBeInstanceOf(PermanentStoreError);
  });

  it('a Constraint Error from DuckDB (a required column left null) is permanent', async () => {
    const event = { ...classifiedEvent(), pipelineId: null as unknown as string };
    await expect(store().saveEvent(event)).rejects.toBeInstanceOf(PermanentStoreError);
  });

  it('a closed database (the process is shutting down) is transient', async () => {
    const opened = store();
    await database.close();
    await expect(opened.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
    database = await DuckDbDatabase.open(':memory:');
  });
});

describe('ingest acknowledges what the store refuses for good, including a refused rejection row', () => {
  const entry = JSON.stringify(composerEntry('Marking task as FAILED. dag_id=daily_sales'));
  const message = (data: string) => ({ attributes: {}, base64Data: Buffer.from(data).toString('base64'), messageId: 'm-1' });

  it('a permanently refused event goes to rejected_events as store_rejected', async () => {
    const saved: string[] = [];
    const refusing: EventStore = {
      saveEvent: async () => Promise.reject(new PermanentStoreError('Constraint Error: NOT NULL')),
      saveRejected: async (rejection) => (saved.push(rejection.reason), 'inserted'),
    };
    const service = new IngestService({ store: refusing, classifier: new RulesOnlyClassifier(), logger: new MemoryLogger(), clock: { now: () => new Date('2026-11-21T03:00:05Z') } });
    await expect(service.ingest(message(entry))).resolves.toMatchObject({ kind: 'rejected', rejection: { reason: 'store_rejected' } });
    expect(saved).toEqual(['store_rejected']);
  });

  it('a rejection row the store refuses for good is retried once without the payload, then acknowledged and logged', async () => {
    const attempts: string[] = [];
    const refusing: EventStore = {
      saveEvent: async () => 'inserted',
      saveRejected: async (rejection) => {
        attempts.push(rejection.rawPayload);
        return Promise.reject(new PermanentStoreError('Conversion Error: bad row'));
      },
    };
    const logger = new MemoryLogger();
    const service = new IngestService({ store: refusing, classifier: new RulesOnlyClassifier(), logger, clock: { now: () => new Date('2026-11-21T03:00:05Z') } });
    await expect(service.ingest(message('{not json'))).resolves.toMatchObject({ kind: 'rejected', rejection: { reason: 'not_json' } });
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toBe('');
    expect(logger.lines.some((line) => line.severity === 'ERROR' && line.message.includes('could not be recorded'))).toBe(true);
  });

  it('an outage while recording a rejection is still retried', async () => {
    const down: EventStore = { saveEvent: async () => 'inserted', saveRejected: async () => Promise.reject(new TransientStoreError('IO Error: disk')) };
    const service = new IngestService({ store: down, classifier: new RulesOnlyClassifier(), logger: new MemoryLogger(), clock: { now: () => new Date('2026-11-21T03:00:05Z') } });
    await expect(service.ingest(message('{not json'))).rejects.toBeInstanceOf(TransientStoreError);
  });
});
