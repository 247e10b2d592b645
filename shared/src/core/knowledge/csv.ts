/**
 * Strict RFC 4180 CSV reader and writer, no dependencies.
 *
 * Accepted: fields separated by `,`, records by CRLF or LF (a lone CR inside an unquoted field is an
 * error), fields optionally wrapped in double quotes, a quote inside a quoted field written as `""`,
 * commas and line breaks inside quoted fields, one optional final line break, a leading UTF-8 BOM.
 * Rejected (with the 1-based physical line where it happens): a quote inside an unquoted field, any
 * character between a closing quote and the next separator, an unterminated quoted field.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts (records may span lines). */
  line: number;
}

export interface CsvSyntaxError {
  /** 1-based record number counting the header as record 1. */
  record: number;
  line: number;
  message: string;
}

export type CsvParseResult = { ok: true; records: CsvRecord[] } | { ok: false; error: CsvSyntaxError };

export function parseCsv(input: string): CsvParseResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const fail = (message: string): CsvParseResult => ({ ok: false, error: { record: records.length + 1, line, message } });

  if (text.length === 0) return { ok: true, records };

  for (;;) {
    // Start of a field.
    if (text[i] === '"') {
      i += 1;
      const quoteLine = line;
      for (;;) {
        if (i >= text.length) return { ok: false, error: { record: records.length + 1, line: quoteLine, message: 'unterminated quoted field' } };
        const ch = text[i] as string;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (ch === '\n') line += 1;
        field += ch;
        i += 1;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n')) {
        return fail(`unexpected character ${JSON.stringify(next)} after closing quote`);
      }
    } else {
      while (i < text.length) {
        const ch = text[i] as string;
        if (ch === ',' || ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) break;
        if (ch === '"') return fail('quote inside an unquoted field (wrap the field in quotes and double the quote)');
        if (ch === '\r') return fail('bare carriage return outside a quoted field');
        field += ch;
        i += 1;
      }
    }
    fields.push(field);
    field = '';
    if (i >= text.length) {
      records.push({ fields, line: recordLine });
      break;
    }
    const sep = text[i] as string;
    if (sep === ',') {
      i += 1;
      continue;
    }
    // End of record: LF or CRLF.
    i += sep === '\r' ? 2 : 1;
    records.push({ fields, line: recordLine });
    fields = [];
    line += 1;
    recordLine = line;
    if (i >= text.length) break; // one final line break is allowed
  }
  return { ok: true, records };
}

function quoteField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes records with CRLF line breaks (RFC 4180), quoting only where needed. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteField).join(',')).join('\r\n') + '\r\n';
}
