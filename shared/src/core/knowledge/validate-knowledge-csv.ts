import { FAILURE_CATEGORIES, type FailureCategory } from '../domain/category';
import { formatCsv, parseCsv } from './csv';
import {
  KNOWLEDGE_COLUMNS,
  KNOWLEDGE_SOURCE_SYSTEMS,
  KNOWLEDGE_STRATEGIES,
  KNOWLEDGE_TYPES,
  isKnowledgeSourceSystem,
  isKnowledgeStrategy,
  isKnowledgeType,
  type KnowledgeColumn,
  type KnowledgeEntry,
} from './knowledge-entry';

/**
 * One problem in an uploaded knowledge-base CSV.
 *
 * Row convention: `row` counts data records, 1-based, the header excluded (row 1 is the first record
 * after the header). Problems with the header itself, or with the file as a whole, have row 0.
 * Records may span several physical lines (quoted line breaks); `line` is the 1-based physical line
 * on which the record starts, for editors.
 */
export interface KnowledgeCsvError {
  row: number;
  /** Column name, or `header` / `record` / `csv` for problems that are not about one field. */
  field: KnowledgeColumn | 'header' | 'record' | 'csv';
  message: string;
  line: number;
}

export type KnowledgeCsvValidation = { ok: true; entries: KnowledgeEntry[] } | { ok: false; errors: KnowledgeCsvError[] };

export const MAX_FIELD_LENGTH = 8000;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const CONFIDENCE_PATTERN = /^(?:0(?:\.\d+)?|1(?:\.0+)?|\.\d+)$/;
const COUNT_PATTERN = /^\d+$/;
const URL_PATTERN = /^https?:\/\/(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?::\d{1,5})?(?:[/?#][^\s]*)?$/;

function isFailureCategory(value: string): value is FailureCategory {
  return (FAILURE_CATEGORIES as readonly string[]).includes(value);
}

/**
 * Validates an uploaded knowledge-base CSV, all or nothing: when any record is invalid no entries
 * are returned, and every invalid field of every record is reported (not just the first).
 */
export function validateKnowledgeCsv(text: string): KnowledgeCsvValidation {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    const { record, line, message } = parsed.error;
    return { ok: false, errors: [{ row: Math.max(0, record - 1), field: 'csv', message: `CSV syntax: ${message}`, line }] };
  }
  const records = [...parsed.records];
  // One or more blank lines at the very end are tolerated (editors add them); blank lines elsewhere are not.
  while (records.length > 1 && isBlank(records[records.length - 1]?.fields)) records.pop();
  const header = records[0];
  if (!header || isBlank(header.fields)) {
    return { ok: false, errors: [{ row: 0, field: 'header', message: 'the file is empty: a header row is required', line: 1 }] };
  }

  const errors: KnowledgeCsvError[] = [];
  const columnIndex = new Map<string, number>();
  header.fields.forEach((rawName, index) => {
    const name = rawName.trim();
    if (columnIndex.has(name)) errors.push({ row: 0, field: 'header', message: `column "${name}" appears more than once`, line: header.line });
    else if (!(KNOWLEDGE_COLUMNS as readonly string[]).includes(name))
      errors.push({ row: 0, field: 'header', message: `unknown column "${name}" (expected ${KNOWLEDGE_COLUMNS.join(', ')})`, line: header.line });
    columnIndex.set(name, index);
  });
  for (const column of KNOWLEDGE_COLUMNS) {
    if (!columnIndex.has(column)) errors.push({ row: 0, field: column, message: `required column "${column}" is missing from the header`, line: header.line });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (records.length === 1) return { ok: false, errors: [{ row: 0, field: 'csv', message: 'the file has a header but no data rows', line: header.line }] };

  const entries: KnowledgeEntry[] = [];
  const firstRowOfId = new Map<string, number>();
  for (let r = 1; r < records.length; r += 1) {
    const record = records[r] as (typeof records)[number];
    const row = r;
    const line = record.line;
    if (record.fields.length !== header.fields.length) {
      errors.push({
        row,
        field: 'record',
        message: isBlank(record.fields)
          ? 'blank line inside the data (remove it)'
          : `has ${record.fields.length} fields, the header has ${header.fields.length}`,
        line,
      });
      continue;
    }
    const rowErrors: KnowledgeCsvError[] = [];
    const bad = (field: KnowledgeColumn, message: string) => rowErrors.push({ row, field, message, line });
    const get = (column: KnowledgeColumn): string => record.fields[columnIndex.get(column) as number] as string;
    for (const column of KNOWLEDGE_COLUMNS) {
      if (get(column).length > MAX_FIELD_LENGTH) bad(column, `is longer than ${MAX_FIELD_LENGTH} characters`);
    }

    const id = get('id').trim();
    if (id === '') bad('id', 'is required');
    else if (!ID_PATTERN.test(id)) bad('id', `"${id}" must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit`);
    else {
      const first = firstRowOfId.get(id);
      if (first !== undefined) bad('id', `duplicate id "${id}" (first used on row ${first})`);
      else firstRowOfId.set(id, row);
    }

    const knowledgeType = get('knowledge_type').trim();
    if (!isKnowledgeType(knowledgeType)) bad('knowledge_type', `"${knowledgeType}" is not one of ${KNOWLEDGE_TYPES.join(', ')}`);

    const category = get('category').trim();
    if (!isFailureCategory(category)) bad('category', `"${category}" is not one of ${FAILURE_CATEGORIES.join(', ')}`);

    const sourceSystem = get('source_system').trim();
    if (!isKnowledgeSourceSystem(sourceSystem)) bad('source_system', `"${sourceSystem}" is not one of ${KNOWLEDGE_SOURCE_SYSTEMS.join(', ')}`);

    const title = get('title').trim();
    if (title === '') bad('title', 'is required');

    const errorPattern = get('error_pattern').trim();
    if (knowledgeType === 'historical_error' && errorPattern === '') bad('error_pattern', 'is required for a historical_error entry');

    const resolution = get('resolution').trim();
    if (resolution === '') bad('resolution', 'is required');

    const strategy = get('recommended_strategy').trim();
    if (!isKnowledgeStrategy(strategy)) bad('recommended_strategy', `"${strategy}" is not one of ${KNOWLEDGE_STRATEGIES.join(', ')}`);

    const sourceUrl = get('source_url').trim();
    if (sourceUrl !== '' && !URL_PATTERN.test(sourceUrl)) bad('source_url', `"${sourceUrl}" is not an http(s) URL`);

    const confidenceText = get('confidence').trim();
    const confidence = Number(confidenceText);
    if (!CONFIDENCE_PATTERN.test(confidenceText)) bad('confidence', `"${confidenceText}" must be a decimal number between 0 and 1`);

    const counts: Record<'success_count' | 'failure_count', number> = { success_count: 0, failure_count: 0 };
    for (const column of ['success_count', 'failure_count'] as const) {
      const value = get(column).trim();
      if (!COUNT_PATTERN.test(value) || !Number.isSafeInteger(Number(value))) bad(column, `"${value}" must be a non-negative integer`);
      else counts[column] = Number(value);
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    entries.push({
      id,
      knowledgeType: knowledgeType as KnowledgeEntry['knowledgeType'],
      category: category as FailureCategory,
      sourceSystem: sourceSystem as KnowledgeEntry['sourceSystem'],
      title,
      errorPattern,
      resolution,
      recommendedStrategy: strategy as KnowledgeEntry['recommendedStrategy'],
      sourceUrl,
      confidence,
      successCount: counts.success_count,
      failureCount: counts.failure_count,
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

function isBlank(fields: readonly string[] | undefined): boolean {
  return fields !== undefined && fields.length === 1 && fields[0] === '';
}

/** Writes entries back as a CSV that `validateKnowledgeCsv` accepts (header first, CRLF records). */
export function serializeKnowledgeCsv(entries: readonly KnowledgeEntry[]): string {
  const rows: string[][] = [[...KNOWLEDGE_COLUMNS]];
  for (const entry of entries) {
    rows.push([
      entry.id,
      entry.knowledgeType,
      entry.category,
      entry.sourceSystem,
      entry.title,
      entry.errorPattern,
      entry.resolution,
      entry.recommendedStrategy,
      entry.sourceUrl,
      formatConfidence(entry.confidence),
      String(entry.successCount),
      String(entry.failureCount),
    ]);
  }
  return formatCsv(rows);
}

/** Shortest exact form when it is plain decimal; never exponent notation (the validator's confidence pattern). */
export function formatConfidence(confidence: number): string {
  const clamped = Math.min(1, Math.max(0, confidence));
  const plain = String(clamped);
  return CONFIDENCE_PATTERN.test(plain) ? plain : clamped.toFixed(12).replace(/\.?0+$/, '');
}
