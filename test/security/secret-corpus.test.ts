import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskPii, maskPiiDeep } from '../../shared/src/core/privacy/mask-pii';
import { type DuckDbIngest, openDuckDbIngest, pubsubEvent } from './duckdb-ingest-harness';
import { SECRET_PLACES } from './secret-places';

export interface SecretForm {
  name: string;
  text: string;
  secret: string;
}

export const SECRET_FORMS = JSON.parse(readFileSync(join(__dirname, '../fixtures/secrets/forms.json'), 'utf8')) as SecretForm[];

function payloadBytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

/** Every secret of the corpus found in any of the texts, with where. */
function leaks(texts: Array<[where: string, text: string]>): string[] {
  const found: string[] = [];
  for (const [where, text] of texts) for (const form of SECRET_FORMS) if (text.includes(form.secret)) found.push(`${form.name} in ${where}: ${text.slice(0, 300)}`);
  return found;
}

describe('the secret corpus', () => {
  it('has at least 33 forms and 23 places', () => {
    expect(SECRET_FORMS.length).toBeGreaterThanOrEqual(33);
    expect(SECRET_PLACES.length).toBeGreaterThanOrEqual(23);
  });

  it.each(SECRET_FORMS.map((form) => [form.name, form]))('maskPii removes %s', (_name, form) => {
    expect(maskPii(form.text)).not.toContain(form.secret);
  });

  it('keeps service-account e-mails and resource names, which engineers need', () => {
    const text = 'serviceAccount:etl@acme-data.iam.gserviceaccount.com lacks access to projects/acme-data/secrets/db-password (secret_name=projects/acme-data/secrets/db-password)';
    expect(maskPii(text)).toBe(text);
  });

  it('masks keys as well as values, and the whole value of a key that names a secret', () => {
    expect(maskPiiDeep({ 'owner=ursula.major@example.com': 'x', db_password: 'two words', nested: { api_key: 'k' } })).toEqual({
      'owner=[REDACTED_EMAIL]': 'x',
      db_password: '[REDACTED]',
      nested: { api_key: '[REDACTED]' },
    });
  });
});

describe('no secret of the corpus survives the real ingest handler, in any place', () => {
  let ingest: DuckDbIngest;
  beforeAll(async () => {
    ingest = await openDuckDbIngest();
    let counter = 0;
    for (const form of SECRET_FORMS) {
      for (const place of SECRET_PLACES) {
        counter += 1;
        const id = `c${counter}`;
        const outcome = await ingest.handle(pubsubEvent(payloadBytes(place.build(form.text, id)), id));
        expect(['stored', 'rejected']).toContain(outcome.kind);
      }
    }
  });
  afterAll(() => ingest.close());

  it(`every one of the forms x places deliveries is acknowledged and recorded`, async () => {
    const total = (await ingest.count('pipeline_events')) + (await ingest.count('rejected_events'));
    expect(total).toBe(SECRET_FORMS.length * SECRET_PLACES.length);
  });

  it('no secret in any column of pipeline_events', async () => {
    const rows = await ingest.rows('pipeline_events');
    expect(leaks(rows.flatMap((row) => Object.entries(row).map(([column, value]): [string, string] => [`pipeline_events.${column}`, value ?? '']))) ).toEqual([]);
  });

  it('no secret in any column of rejected_events', async () => {
    const rows = await ingest.rows('rejected_events');
    expect(rows.length).toBeGreaterThan(0);
    expect(leaks(rows.flatMap((row) => Object.entries(row).map(([column, value]): [string, string] => [`rejected_events.${column}`, value ?? ''])))).toEqual([]);
  });

  it('no secret in any log line (message or field)', () => {
    expect(leaks(ingest.logger.lines.map((line): [string, string] => ['log', JSON.stringify(line)]))).toEqual([]);
  });
});
