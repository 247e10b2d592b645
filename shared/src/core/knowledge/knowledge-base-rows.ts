import type { KnowledgeBaseRow } from '../schema/tables';
import { formatCsv } from './csv';
import { KNOWLEDGE_COLUMNS, type KnowledgeColumn, type KnowledgeEntry } from './knowledge-entry';
import type { StoredKnowledgeEntry } from './knowledge-base-store';
import { formatConfidence, serializeKnowledgeCsv, validateKnowledgeCsv } from './validate-knowledge-csv';

/** Why one entry or stored row cannot be used, keyed by its id (or `#n` when it has none). */
export interface KnowledgeRowProblem {
  rowId: string;
  field: KnowledgeColumn | 'record' | 'created_at' | 'updated_at';
  message: string;
}

export type StorableEntries = { ok: true; entries: KnowledgeEntry[] } | { ok: false; problems: KnowledgeRowProblem[] };

/**
 * The one gate before a store writes: every entry must pass the same rules as an uploaded CSV row
 * (the entries are serialized and run through `validateKnowledgeCsv`), plus the numeric ranges that
 * serialization would otherwise hide (a confidence of 2 would be written as 1). Ids must be unique.
 * Returns the entries as validated (text trimmed), which is what the store should write.
 */
export function checkStorableEntries(entries: readonly KnowledgeEntry[]): StorableEntries {
  const problems: KnowledgeRowProblem[] = [];
  entries.forEach((entry, index) => {
    const rowId = entry.id || `#${index + 1}`;
    if (typeof entry.confidence !== 'number' || !Number.isFinite(entry.confidence) || entry.confidence < 0 || entry.confidence > 1) {
      problems.push({ rowId, field: 'confidence', message: `${String(entry.confidence)} is not a number between 0 and 1` });
    }
    for (const [field, value] of [
      ['success_count', entry.successCount],
      ['failure_count', entry.failureCount],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 0) problems.push({ rowId, field, message: `${String(value)} is not a non-negative integer` });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  if (entries.length === 0) return { ok: true, entries: [] };
  const validation = validateKnowledgeCsv(serializeKnowledgeCsv(entries));
  if (validation.ok) return validation;
  return {
    ok: false,
    problems: validation.errors.map((error) => ({
      rowId: entries[error.row - 1]?.id || `#${error.row}`,
      field: error.field === 'header' || error.field === 'csv' ? 'record' : error.field,
      message: error.message,
    })),
  };
}

/** The table row for an entry; timestamps are RFC 3339 UTC strings from the caller's clock. */
export function toKnowledgeBaseRow(entry: KnowledgeEntry, createdAt: string, updatedAt: string): KnowledgeBaseRow {
  return {
    id: entry.id,
    knowledge_type: entry.knowledgeType,
    category: entry.category,
    source_system: entry.sourceSystem,
    title: entry.title,
    error_pattern: entry.errorPattern,
    resolution: entry.resolution,
    recommended_strategy: entry.recommendedStrategy,
    source_url: entry.sourceUrl,
    confidence: entry.confidence,
    success_count: entry.successCount,
    failure_count: entry.failureCount,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

export type StoredEntries = { ok: true; entries: StoredKnowledgeEntry[] } | { ok: false; problems: KnowledgeRowProblem[] };

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/**
 * Reads rows back from a store, as loosely typed as drivers return them (numbers as number, bigint
 * or numeric text; timestamps already turned into RFC 3339 UTC text by the adapter), and checks
 * them with the upload rules, so a row edited by hand into something invalid is reported by id
 * instead of reaching retrieval.
 */
export function entriesFromRows(rows: readonly Readonly<Record<string, unknown>>[]): StoredEntries {
  const problems: KnowledgeRowProblem[] = [];
  const records: string[][] = [];
  const stamps: Array<{ createdAt: string; updatedAt: string }> = [];
  rows.forEach((row, index) => {
    const rowId = typeof row.id === 'string' && row.id !== '' ? row.id : `#${index + 1}`;
    const fields: string[] = [];
    for (const column of KNOWLEDGE_COLUMNS) {
      const text = cellText(row[column], column);
      if (text === undefined) problems.push({ rowId, field: column, message: `unreadable stored value ${describe(row[column])}` });
      fields.push(text ?? '');
    }
    const stamp = { createdAt: '', updatedAt: '' };
    for (const [field, key] of [
      ['created_at', 'createdAt'],
      ['updated_at', 'updatedAt'],
    ] as const) {
      const value = row[field];
      if (typeof value === 'string' && RFC3339_UTC.test(value)) stamp[key] = value;
      else problems.push({ rowId, field, message: `expected an RFC 3339 UTC timestamp, got ${describe(value)}` });
    }
    records.push(fields);
    stamps.push(stamp);
  });
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0) return { ok: true, entries: [] };
  const validation = validateKnowledgeCsv(formatCsv([[...KNOWLEDGE_COLUMNS], ...records]));
  if (!validation.ok) {
    return {
      ok: false,
      problems: validation.errors.map((error) => ({
        rowId: records[error.row - 1]?.[0] || `#${error.row}`,
        field: error.field === 'header' || error.field === 'csv' ? 'record' : error.field,
        message: error.message,
      })),
    };
  }
  return { ok: true, entries: validation.entries.map((entry, index) => ({ ...entry, ...(stamps[index] as { createdAt: string; updatedAt: string }) })) };
}

function cellText(value: unknown, column: KnowledgeColumn): string | undefined {
  if (column === 'confidence') {
    if (typeof value === 'number') return Number.isFinite(value) ? confidenceText(value) : undefined;
    return typeof value === 'string' ? value : undefined;
  }
  if (column === 'success_count' || column === 'failure_count') {
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    return typeof value === 'string' ? value : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/** Out-of-range values are written as they are, so the validator reports them instead of clamping. */
function confidenceText(value: number): string {
  return value < 0 || value > 1 ? String(value) : formatConfidence(value);
}

function describe(value: unknown): string {
  if (value === null) return 'NULL';
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}
