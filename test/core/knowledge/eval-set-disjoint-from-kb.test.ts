import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, FAILURE_CATEGORIES, isCategory } from '../../../shared/src/core/domain/category';
import { SOURCES } from '../../../shared/src/core/domain/pipeline-event';
import { fingerprintMessage, isNearDuplicateMessage, messageSimilarity } from '../../../shared/src/core/knowledge/message-fingerprint';
import { validateKnowledgeCsv } from '../../../shared/src/core/knowledge/validate-knowledge-csv';

interface EvalLine {
  message: string;
  source: string;
  category: string;
  source_url: string;
}

const ROOT = join(__dirname, '../../../data');

function loadEval(): EvalLine[] {
  return readFileSync(join(ROOT, 'eval/gcp-errors-eval.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as EvalLine;
      } catch {
        throw new Error(`eval line ${index + 1} is not JSON`);
      }
    });
}

function loadKb() {
  const result = validateKnowledgeCsv(readFileSync(join(ROOT, 'knowledge-base/seed.csv'), 'utf8'));
  if (!result.ok) throw new Error('seed.csv is invalid');
  return result.entries;
}

describe('message fingerprint', () => {
  it('ignores case, numbers, ids, timestamps and URLs', () => {
    expect(fingerprintMessage('Job bqjob_r1a2b3c4d5_0001 failed at 2024-05-01T02:00:00Z after 3 tries, see https://x.example/y')).toBe(
      fingerprintMessage('job BQJOB_R9Z8Y7X6W5_0777 FAILED at 2026-11-21 10:15:30 after 12 tries, see https://other.example/z?q=1'),
    );
  });

  it('treats a message with a little extra context as near-equal, a different error as not', () => {
    const base = 'Exceeded rate limits: too many table update operations for this table.';
    expect(isNearDuplicateMessage(base, `${base} at [12:3]`)).toBe(true);
    expect(isNearDuplicateMessage(base, 'Quota exceeded: Your table exceeded quota for imports or query appends per table.')).toBe(false);
    expect(messageSimilarity('a b c', 'a b c')).toBe(1);
  });
});

describe('evaluation set (data/eval/gcp-errors-eval.jsonl)', () => {
  const lines = loadEval();
  const kb = loadKb();

  it('has well-formed lines with a known source, category and public URL', () => {
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['category', 'message', 'source', 'source_url']);
      expect(line.message.trim().length).toBeGreaterThan(0);
      expect(SOURCES as readonly string[]).toContain(line.source);
      expect(isCategory(line.category)).toBe(true);
      expect(line.source_url).toMatch(/^https:\/\/\S+$/);
    }
  });

  it.each(FAILURE_CATEGORIES)('has at least 10 real messages for %s', (category) => {
    expect(lines.filter((line) => line.category === category).length).toBeGreaterThanOrEqual(10);
  });

  it('has at least 20 non-errors labelled unknown, from more than one service', () => {
    const unknown = lines.filter((line) => line.category === 'unknown');
    expect(unknown.length).toBeGreaterThanOrEqual(20);
    expect(new Set(unknown.map((line) => line.source)).size).toBeGreaterThanOrEqual(3);
    expect(CATEGORIES).toContain('unknown');
  });

  it('does not repeat a message', () => {
    const messages = lines.map((line) => line.message);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('comes from different public sources than the knowledge base', () => {
    const kbUrls = new Set(kb.map((entry) => entry.sourceUrl));
    expect(lines.filter((line) => kbUrls.has(line.source_url)).map((line) => line.source_url)).toEqual([]);
  });

  it('contains no message equal or nearly equal to a knowledge-base error pattern', () => {
    const patterns = kb.filter((entry) => entry.errorPattern !== '').map((entry) => ({ id: entry.id, pattern: entry.errorPattern }));
    const collisions: string[] = [];
    for (const line of lines) {
      for (const { id, pattern } of patterns) {
        if (isNearDuplicateMessage(line.message, pattern)) collisions.push(`${id} ~ ${line.message.slice(0, 80)}`);
      }
    }
    expect(collisions).toEqual([]);
  });
});
