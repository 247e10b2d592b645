import { formatCsv, parseCsv } from '../../../shared/src/core/knowledge/csv';

function fields(text: string): string[][] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`unexpected CSV error: ${parsed.error.message}`);
  return parsed.records.map((record) => record.fields);
}

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and records on LF and CRLF alike', () => {
    expect(fields('a,b,c\n1,2,3\r\n4,5,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'id,msg\r\n1,"Access Denied: Table p:d.t: User does not have permission, see ""IAM"""\r\n2,"line one\nline two\r\nline three"\r\n';
    expect(fields(text)).toEqual([
      ['id', 'msg'],
      ['1', 'Access Denied: Table p:d.t: User does not have permission, see "IAM"'],
      ['2', 'line one\nline two\r\nline three'],
    ]);
  });

  it('reports the physical line where each multi-line record starts', () => {
    const parsed = parseCsv('h1,h2\n"a\nb\nc",x\nlast,y\n');
    expect(parsed.ok && parsed.records.map((record) => record.line)).toEqual([1, 2, 5]);
  });

  it('treats empty and quoted-empty fields as empty strings and keeps surrounding spaces', () => {
    expect(fields('a,,"", b \n')).toEqual([['a', '', '', ' b ']]);
  });

  it('accepts one final line break and a leading byte-order mark', () => {
    expect(fields('\uFEFFa,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('rejects a quote inside an unquoted field', () => {
    const parsed = parseCsv('a,b\n1,say "hi"\n');
    expect(parsed).toEqual({ ok: false, error: expect.objectContaining({ record: 2, line: 2 }) });
    expect(!parsed.ok && parsed.error.message).toMatch(/quote inside an unquoted field/);
  });

  it('rejects text after a closing quote', () => {
    const parsed = parseCsv('a,b\n"x"y,2\n');
    expect(!parsed.ok && parsed.error.message).toMatch(/after closing quote/);
  });

  it('rejects an unterminated quoted field and names the line where it opened', () => {
    const parsed = parseCsv('a,b\n1,2\n3,"never closed\nmore\n');
    expect(parsed).toEqual({ ok: false, error: expect.objectContaining({ record: 3, line: 3, message: 'unterminated quoted field' }) });
  });

  it('rejects a bare carriage return outside quotes', () => {
    expect(parseCsv('a,b\r1,2').ok).toBe(false);
  });

  it('round-trips awkward values through formatCsv', () => {
    const rows = [
      ['id', 'text'],
      ['1', 'He said "no", then left'],
      ['2', 'multi\nline\r\nvalue'],
      ['3', ' padded '],
      ['4', ''],
    ];
    expect(fields(formatCsv(rows))).toEqual(rows);
  });
});
