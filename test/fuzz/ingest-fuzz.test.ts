import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDbIngest, openDuckDbIngest } from '../security/duckdb-ingest-harness';
import { type FuzzSecret, IngestFuzzer } from './log-entry-mutator';

const SECRETS = JSON.parse(readFileSync(join(__dirname, '../fixtures/secrets/forms.json'), 'utf8')) as FuzzSecret[];
const SEED = 20261121;
const INPUTS = 10_000;
const REDELIVERED_EVERY = 7;

interface Tally {
  delivered: number;
  redelivered: number;
  stored: number;
  rejected: number;
  crashes: string[];
  notAcknowledgedOnRedelivery: string[];
  byMutation: Map<string, number>;
  ackedEventIds: Set<string>;
  ackedRejectionIds: Set<string>;
}

describe(`fuzzing the real ingest handler (DuckDB store) with ${INPUTS} seeded inputs`, () => {
  let ingest: DuckDbIngest;
  const tally: Tally = { delivered: 0, redelivered: 0, stored: 0, rejected: 0, crashes: [], notAcknowledgedOnRedelivery: [], byMutation: new Map(), ackedEventIds: new Set(), ackedRejectionIds: new Set() };

  beforeAll(async () => {
    ingest = await openDuckDbIngest();
    const fuzzer = new IngestFuzzer(SEED, SECRETS);
    for (let index = 0; index < INPUTS; index += 1) {
      const input = fuzzer.next();
      tally.byMutation.set(input.mutation, (tally.byMutation.get(input.mutation) ?? 0) + 1);
      tally.delivered += 1;
      try {
        const outcome = await ingest.handle(input.event);
        if (outcome.kind === 'stored') {
          tally.stored += 1;
          tally.ackedEventIds.add(outcome.event.eventId);
        } else {
          tally.rejected += 1;
          tally.ackedRejectionIds.add(outcome.rejection.rejectionId);
        }
      } catch (error) {
        tally.crashes.push(`${input.mutation} ${input.event.id}: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
        continue;
      }
      if (index % REDELIVERED_EVERY === 0) {
        tally.redelivered += 1;
        try {
          const again = await ingest.handle(input.event);
          if (!again.duplicate) tally.notAcknowledgedOnRedelivery.push(`${input.mutation} ${input.event.id}: second delivery not recognised as a duplicate`);
        } catch (error) {
          tally.notAcknowledgedOnRedelivery.push(`${input.mutation} ${input.event.id}: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`);
        }
      }
    }
    process.stdout.write(
      `ingest fuzz: seed ${SEED}, ${tally.delivered} inputs + ${tally.redelivered} redeliveries; stored ${tally.stored}, rejected ${tally.rejected}, crashes ${tally.crashes.length}; ` +
        `mutations ${JSON.stringify(Object.fromEntries(tally.byMutation))}\n`,
    );
  }, 300_000);
  afterAll(() => ingest.close());

  it('0 crashes: every input is acknowledged (stored or rejected with a reason)', () => {
    expect(tally.crashes).toEqual([]);
    expect(tally.stored + tally.rejected).toBe(INPUTS);
    expect(tally.byMutation.size).toBeGreaterThanOrEqual(15);
  });

  it('0 retried forever: a second delivery of the same input is acknowledged as a duplicate', () => {
    expect(tally.redelivered).toBeGreaterThan(1000);
    expect(tally.notAcknowledgedOnRedelivery).toEqual([]);
  });

  it('0 lost: every acknowledged input is in pipeline_events or rejected_events', async () => {
    const events = new Set((await ingest.rows('pipeline_events')).map((row) => row.event_id));
    const rejections = new Set((await ingest.rows('rejected_events')).map((row) => row.rejection_id));
    expect([...tally.ackedEventIds].filter((id) => !events.has(id))).toEqual([]);
    expect([...tally.ackedRejectionIds].filter((id) => !rejections.has(id))).toEqual([]);
    expect(rejections.size).toBeGreaterThan(100);
    expect(events.size).toBeGreaterThan(100);
  });

  it('0 leaks: no secret of the corpus in any stored row or log line', async () => {
    const texts = [
      ...(await ingest.rows('pipeline_events')).flatMap((row) => Object.values(row)),
      ...(await ingest.rows('rejected_events')).flatMap((row) => Object.values(row)),
      ...ingest.logger.lines.map((line) => JSON.stringify(line)),
    ].filter((text): text is string => typeof text === 'string');
    const leaks = texts.flatMap((text) => SECRETS.filter((secret) => text.includes(secret.secret)).map((secret) => `${secret.name}: ${text.slice(0, 200)}`));
    expect(leaks).toEqual([]);
  });
});
