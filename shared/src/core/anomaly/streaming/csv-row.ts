import { parseTimestampMs } from './parse-timestamp';

export type CsvRowError = { code: 'bad_row' | 'bad_timestamp' | 'bad_value'; message: string };
export type CsvRowResult = { ok: true; timestamp: string; timestampMs: number; value: number } | { ok: false; error: CsvRowError };

function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.charCodeAt(0) === 34 && trimmed.charCodeAt(trimmed.length - 1) === 34 ? trimmed.slice(1, -1) : trimmed;
}

/**
 * One `timestamp,value` CSV row. The value may be anything Number() reads except an empty field; a
 * non-finite value (NaN, Infinity) is left for the detector to refuse, so every refusal names its cause.
 */
export function parseCsvRow(line: string): CsvRowResult {
  const comma = line.indexOf(',');
  if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
    return { ok: false, error: { code: 'bad_row', message: `expected 2 fields "timestamp,value", got ${comma < 0 ? 1 : line.split(',').length}` } };
  }
  const timestamp = unquote(line.slice(0, comma));
  const timestampMs = parseTimestampMs(timestamp);
  if (Number.isNaN(timestampMs)) {
    return { ok: false, error: { code: 'bad_timestamp', message: `timestamp ${JSON.stringify(timestamp)} is not ISO 8601 (UTC unless zoned) or epoch seconds/milliseconds` } };
  }
  const valueText = unquote(line.slice(comma + 1));
  const value = valueText === '' ? Number.NaN : Number(valueText);
  if (Number.isNaN(value) && valueText !== 'NaN') {
    return { ok: false, error: { code: 'bad_value', message: `value ${JSON.stringify(valueText)} is not a number` } };
  }
  return { ok: true, timestamp, timestampMs, value };
}
