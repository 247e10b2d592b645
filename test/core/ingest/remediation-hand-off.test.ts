import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RulesOnlyClassifier } from '../../../shared/src/core/classify/rules-classifier';
import { PermanentStoreError, TransientStoreError } from '../../../shared/src/core/domain/errors';
import { IngestService } from '../../../shared/src/core/ingest/ingest-service';
import { InMemoryEventStore } from '../../helpers/in-memory-event-store';
import { MemoryLogger } from '../../helpers/memory-logger';

const entry = readFileSync(join(__dirname, '../../fixtures/cloudevents/bigquery-job-failed.logentry.json'), 'utf8');
const message = { messageId: 'm-1', attributes: {}, base64Data: Buffer.from(entry).toString('base64') };

function service(onStored: () => Promise<void>) {
  const store = new InMemoryEventStore();
  const logger = new MemoryLogger();
  const ingest = new IngestService({ store, logger, classifier: new RulesOnlyClassifier(), clock: { now: () => new Date('2026-11-21T03:00:05Z') }, onStored });
  return { ingest, store, logger };
}

describe('ingest hand-off to remediation', () => {
  it('acknowledges a stored event whose hand-off is refused for good, and logs it as an error', async () => {
    const { ingest, store, logger } = service(async () => {
      throw new PermanentStoreError('topic rejected the message: INVALID_ARGUMENT');
    });
    await expect(ingest.ingest(message)).resolves.toMatchObject({ kind: 'stored' });
    expect(store.events.size).toBe(1);
    expect(logger.lines.some((line) => line.severity === 'ERROR' && line.message.includes('remediation hand-off refused'))).toBe(true);
  });

  it('throws on a hand-off outage so Pub/Sub redelivers, and hands off again on the redelivery', async () => {
    let calls = 0;
    const { ingest } = service(async () => {
      calls += 1;
      if (calls === 1) throw new TransientStoreError('503 from Pub/Sub');
    });
    await expect(ingest.ingest(message)).rejects.toBeInstanceOf(TransientStoreError);
    await expect(ingest.ingest(message)).resolves.toMatchObject({ kind: 'stored', duplicate: true });
    expect(calls).toBe(2);
  });
});
