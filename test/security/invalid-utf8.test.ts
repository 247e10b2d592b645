import { composerEntry, type DuckDbIngest, openDuckDbIngest, pubsubEvent } from './duckdb-ingest-harness';

/** A Composer entry whose textPayload carries the given raw bytes in the middle of ordinary text. */
function entryWithBytes(bytes: number[]): Buffer {
  const [before, after] = JSON.stringify(composerEntry('Marking task as FAILED. detail=@@BYTES@@ end')).split('@@BYTES@@') as [string, string];
  return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(bytes), Buffer.from(after, 'utf8')]);
}

/** Each malformed form of UTF-8 (Unicode 15, table 3-7), placed inside a JSON string. */
const MALFORMED: Array<[string, number[]]> = [
  ['truncated 2-byte sequence', [0xc3]],
  ['truncated 3-byte sequence', [0xe2, 0x82]],
  ['truncated 4-byte sequence', [0xf0, 0x9f, 0x98]],
  ['overlong "/" in 2 bytes', [0xc0, 0xaf]],
  ['overlong 2-byte lead 0xC1', [0xc1, 0xbf]],
  ['overlong "/" in 3 bytes', [0xe0, 0x80, 0xaf]],
  ['overlong "/" in 4 bytes', [0xf0, 0x80, 0x80, 0xaf]],
  ['UTF-8-encoded high surrogate U+D800', [0xed, 0xa0, 0x80]],
  ['UTF-8-encoded low surrogate U+DFFF', [0xed, 0xbf, 0xbf]],
  ['stray continuation byte 0x80', [0x80]],
  ['stray continuation byte 0xBF', [0xbf]],
  ['lead byte followed by ASCII instead of a continuation', [0xe2, 0x41, 0x42]],
  ['code point above U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
  ['5-byte lead 0xF8', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ['byte 0xFE', [0xfe]],
  ['byte 0xFF', [0xff]],
];

let ingest: DuckDbIngest;
beforeEach(async () => {
  ingest = await openDuckDbIngest();
});
afterEach(() => ingest.close());

describe('one rule for text that is not UTF-8: rejected as not_utf8, recorded and acknowledged', () => {
  it.each(MALFORMED)('%s', async (_form, bytes) => {
    const outcome = await ingest.handle(pubsubEvent(entryWithBytes(bytes), 'bad-utf8'));
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { reason: 'not_utf8' } });
    const rows = await ingest.rows('rejected_events');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.raw_payload).not.toContain('\uFFFD');
    expect(rows[0]?.raw_payload).toContain(`detail=\\x${(bytes[0] as number).toString(16).toUpperCase()}`);
    expect(await ingest.count('pipeline_events')).toBe(0);
  });

  it('a JSON escape of a lone surrogate ("\\ud800") is not text either', async () => {
    const text = JSON.stringify(composerEntry('Marking task as FAILED. detail=X')).replace('detail=X', 'detail=\\ud800');
    expect(await ingest.handle(pubsubEvent(text, 'lone-escape'))).toMatchObject({ kind: 'rejected', rejection: { reason: 'not_utf8' } });
  });

  it('well-formed multi-byte text (accents, CJK, emoji, escaped surrogate pairs) is stored unchanged', async () => {
    const message = 'Marking task as FAILED. Größe überschritten 日本語 😀 \ud83d\ude00';
    const outcome = await ingest.handle(pubsubEvent(JSON.stringify(composerEntry(message)), 'good-utf8'));
    expect(outcome).toMatchObject({ kind: 'stored', event: { errorMessage: message } });
  });
});
