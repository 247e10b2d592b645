import { parseCsvRow, parseTimestampMs } from '../../../../shared/src/core/anomaly/streaming';

describe('parseTimestampMs', () => {
  it.each([
    ['2014-04-01 00:05:00', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01T00:05:00Z', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01 00:05:00.000000', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01T00:05:07.250Z', Date.UTC(2014, 3, 1, 0, 5, 7, 250)],
    ['2014-04-01T02:05:00+02:00', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01T00:05', Date.UTC(2014, 3, 1, 0, 5)],
    ['2014-04-01', Date.UTC(2014, 3, 1)],
    ['1396310700', Date.UTC(2014, 3, 1, 0, 5)],
    ['1396310700000', Date.UTC(2014, 3, 1, 0, 5)],
  ])('reads %s as UTC', (text, expected) => {
    expect(parseTimestampMs(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2014-02-30 00:00:00', '2014-13-01', '2014-04-01 25:00:00', '2014-04-01 00:05:00 PST', '12 '])('refuses %j', (text) => {
    expect(parseTimestampMs(text)).toBeNaN();
  });
});

describe('parseCsvRow', () => {
  it('reads a row, with or without quotes', () => {
    expect(parseCsvRow('2014-04-01 00:05:00,12.5')).toEqual({ ok: true, timestamp: '2014-04-01 00:05:00', timestampMs: Date.UTC(2014, 3, 1, 0, 5), value: 12.5 });
    expect(parseCsvRow('"2014-04-01 00:05:00","7"')).toMatchObject({ ok: true, value: 7 });
  });

  it('names what is wrong with a bad row', () => {
    expect(parseCsvRow('2014-04-01 00:05:00')).toMatchObject({ ok: false, error: { code: 'bad_row' } });
    expect(parseCsvRow('2014-04-01 00:05:00,1,2')).toMatchObject({ ok: false, error: { code: 'bad_row' } });
    expect(parseCsvRow('soon,1')).toMatchObject({ ok: false, error: { code: 'bad_timestamp' } });
    expect(parseCsvRow('2014-04-01 00:05:00,')).toMatchObject({ ok: false, error: { code: 'bad_value', message: 'value "" is not a number' } });
    expect(parseCsvRow('2014-04-01 00:05:00,abc')).toMatchObject({ ok: false, error: { code: 'bad_value' } });
  });
});
