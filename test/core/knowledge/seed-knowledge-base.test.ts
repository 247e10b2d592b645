import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_CATEGORIES } from '../../../shared/src/core/domain/category';
import { KNOWLEDGE_TYPES, type KnowledgeEntry } from '../../../shared/src/core/knowledge/knowledge-entry';
import { validateKnowledgeCsv } from '../../../shared/src/core/knowledge/validate-knowledge-csv';

const SEED = join(__dirname, '../../../data/knowledge-base/seed.csv');

function loadSeed(): KnowledgeEntry[] {
  const result = validateKnowledgeCsv(readFileSync(SEED, 'utf8'));
  if (!result.ok) throw new Error(`seed.csv is invalid:\n${result.errors.map((e) => `row ${e.row} ${e.field}: ${e.message}`).join('\n')}`);
  return result.entries;
}

describe('shipped knowledge base seed (data/knowledge-base/seed.csv)', () => {
  const entries = loadSeed();

  it('validates without errors', () => {
    expect(entries.length).toBeGreaterThanOrEqual(240);
  });

  it.each(FAILURE_CATEGORIES)('has at least 20 entries, a runbook and another non-error knowledge type for %s', (category) => {
    const mine = entries.filter((entry) => entry.category === category);
    expect(mine.length).toBeGreaterThanOrEqual(20);
    const types = new Set(mine.map((entry) => entry.knowledgeType));
    expect(types).toContain('historical_error');
    expect(types).toContain('runbook');
    expect(types.size).toBeGreaterThanOrEqual(3);
    expect(mine.filter((entry) => entry.knowledgeType === 'historical_error').length).toBeGreaterThanOrEqual(12);
  });

  it('uses every knowledge type somewhere', () => {
    expect(new Set(entries.map((entry) => entry.knowledgeType))).toEqual(new Set(KNOWLEDGE_TYPES));
  });

  it('gives every historical error a real message and the public page it comes from', () => {
    for (const entry of entries.filter((e) => e.knowledgeType === 'historical_error')) {
      expect(entry.errorPattern.length).toBeGreaterThan(10);
      expect(entry.sourceUrl).toMatch(/^https:\/\//);
    }
  });

  it('covers all four services', () => {
    const sources = new Set(entries.map((entry) => entry.sourceSystem));
    for (const source of ['bigquery', 'dataflow', 'composer', 'workflows', 'any']) expect(sources).toContain(source);
  });

  it('does not repeat the same error text twice', () => {
    const patterns = entries.filter((e) => e.errorPattern !== '').map((e) => e.errorPattern);
    expect(new Set(patterns).size).toBe(patterns.length);
  });
});
