import { KNOWLEDGE_COLUMNS } from '../../../shared/src/core/knowledge/knowledge-entry';
import { formatCsv } from '../../../shared/src/core/knowledge/csv';
import { serializeKnowledgeCsv, validateKnowledgeCsv } from '../../../shared/src/core/knowledge/validate-knowledge-csv';

type Row = Record<(typeof KNOWLEDGE_COLUMNS)[number], string>;

function row(overrides: Partial<Row> = {}): Row {
  return {
    id: 'kb-1',
    knowledge_type: 'historical_error',
    category: 'rate_limiting',
    source_system: 'bigquery',
    title: 'Table update rate exceeded',
    error_pattern: 'Exceeded rate limits: too many table update operations for this table.',
    resolution: 'Batch the updates and retry with backoff.',
    recommended_strategy: 'retry_with_backoff',
    source_url: 'https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
    confidence: '0.9',
    success_count: '3',
    failure_count: '0',
    ...overrides,
  };
}

function csv(rows: Row[], columns: readonly string[] = KNOWLEDGE_COLUMNS): string {
  return formatCsv([[...columns], ...rows.map((r) => columns.map((c) => (r as Record<string, string>)[c] ?? ''))]);
}

function errorsOf(text: string) {
  const result = validateKnowledgeCsv(text);
  if (result.ok) throw new Error('expected the CSV to be rejected');
  return result.errors;
}

describe('validateKnowledgeCsv', () => {
  it('accepts a valid file and types every field', () => {
    const result = validateKnowledgeCsv(csv([row(), row({ id: 'kb-2', knowledge_type: 'runbook', error_pattern: '', confidence: '1', success_count: '0' })]));
    expect(result).toEqual({
      ok: true,
      entries: [
        expect.objectContaining({ id: 'kb-1', knowledgeType: 'historical_error', category: 'rate_limiting', confidence: 0.9, successCount: 3, failureCount: 0 }),
        expect.objectContaining({ id: 'kb-2', knowledgeType: 'runbook', errorPattern: '', confidence: 1 }),
      ],
    });
  });

  it('accepts columns in any order', () => {
    const columns = [...KNOWLEDGE_COLUMNS].reverse();
    expect(validateKnowledgeCsv(csv([row()], columns)).ok).toBe(true);
  });

  it('names each missing required column with row 0', () => {
    const columns = KNOWLEDGE_COLUMNS.filter((c) => c !== 'confidence' && c !== 'source_url');
    expect(errorsOf(csv([row()], columns))).toEqual([
      expect.objectContaining({ row: 0, field: 'source_url' }),
      expect.objectContaining({ row: 0, field: 'confidence' }),
    ]);
  });

  it('rejects unknown and duplicated header columns', () => {
    const errors = errorsOf(csv([row()], [...KNOWLEDGE_COLUMNS, 'notes', 'id']));
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [0, 'header'],
      [0, 'header'],
    ]);
  });

  it.each([
    ['knowledge_type', 'postmortem'],
    ['category', 'out_of_memory'],
    ['category', 'unknown'],
    ['source_system', 'dataproc'],
    ['recommended_strategy', 'reboot'],
    ['confidence', '1.2'],
    ['confidence', '-0.1'],
    ['confidence', 'high'],
    ['confidence', ''],
    ['success_count', '-1'],
    ['success_count', '1.5'],
    ['failure_count', 'three'],
    ['failure_count', ''],
    ['source_url', 'cloud.google.com/bigquery'],
    ['source_url', 'ftp://example.com/x'],
    ['source_url', 'https://exa mple.com/x'],
    ['id', ''],
    ['id', 'has space'],
    ['title', '  '],
    ['resolution', ''],
  ] as const)('reports %s=%j with its data row number and field', (field, value) => {
    const errors = errorsOf(csv([row({ id: 'ok-1' }), row({ id: 'ok-2' }), row({ id: 'bad-3', [field]: value })]));
    expect(errors).toEqual([expect.objectContaining({ row: 3, field })]);
  });

  it('requires an error pattern for historical errors only', () => {
    const errors = errorsOf(csv([row({ id: 'a', knowledge_type: 'runbook', error_pattern: '' }), row({ id: 'b', error_pattern: '   ' })]));
    expect(errors).toEqual([expect.objectContaining({ row: 2, field: 'error_pattern' })]);
  });

  it('reports a duplicate id on the later row and points at the first', () => {
    const errors = errorsOf(csv([row({ id: 'x' }), row({ id: 'y' }), row({ id: 'x' })]));
    expect(errors).toEqual([expect.objectContaining({ row: 3, field: 'id', message: expect.stringContaining('row 1') })]);
  });

  it('is all or nothing: one bad row means no entries, and every bad field of every row is listed', () => {
    const result = validateKnowledgeCsv(
      csv([row({ id: 'a' }), row({ id: 'b', category: 'nope', confidence: '2' }), row({ id: 'c' }), row({ id: 'd', success_count: 'x' })]),
    );
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('entries');
    expect(!result.ok && result.errors.map((e) => `${e.row}:${e.field}`)).toEqual(['2:category', '2:confidence', '4:success_count']);
  });

  it('counts data rows, not physical lines, when fields span lines', () => {
    const text = csv([row({ id: 'a', resolution: 'step 1\nstep 2\nstep 3' }), row({ id: 'b', category: 'bad' })]);
    expect(errorsOf(text)).toEqual([expect.objectContaining({ row: 2, field: 'category', line: 5 })]);
  });

  it('reports a record with the wrong number of fields', () => {
    const text = csv([row()]) + 'only,three,fields\r\n';
    expect(errorsOf(text)).toEqual([expect.objectContaining({ row: 2, field: 'record' })]);
  });

  it('tolerates trailing blank lines but not blank lines between rows', () => {
    expect(validateKnowledgeCsv(csv([row()]) + '\r\n\r\n').ok).toBe(true);
    const inner = csv([row({ id: 'a' })]) + '\r\n' + csv([row({ id: 'b' })]).split('\r\n').slice(1).join('\r\n');
    expect(errorsOf(inner)).toEqual([expect.objectContaining({ row: 2, field: 'record', message: expect.stringMatching(/blank line/) })]);
  });

  it('reports CSV syntax errors with the data row they occur in', () => {
    const text = csv([row({ id: 'a' })]) + 'b,historical_error,rate_limiting,bigquery,"unterminated\r\n';
    expect(errorsOf(text)).toEqual([expect.objectContaining({ row: 2, field: 'csv' })]);
  });

  it('rejects an empty file and a header without rows', () => {
    expect(errorsOf('')).toEqual([expect.objectContaining({ row: 0, field: 'header' })]);
    expect(errorsOf(KNOWLEDGE_COLUMNS.join(',') + '\n')).toEqual([expect.objectContaining({ row: 0, field: 'csv' })]);
  });

  it('serializes entries back to a CSV that validates to the same entries', () => {
    const first = validateKnowledgeCsv(csv([row({ title: 'quote " and, comma', resolution: 'a\nb' }), row({ id: 'kb-2', confidence: '0.33333' })]));
    if (!first.ok) throw new Error('fixture invalid');
    const again = validateKnowledgeCsv(serializeKnowledgeCsv(first.entries));
    expect(again).toEqual(first);
  });
});
