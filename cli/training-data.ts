import { readFileSync } from 'node:fs';
import { type Category, isCategory } from '../shared/src/core/domain/category';
import { SOURCES, type Source } from '../shared/src/core/domain/pipeline-event';
import { exampleFromEntry, type TrainingExample } from '../shared/src/core/classify/train-classifier';
import { validateKnowledgeCsv } from '../shared/src/core/knowledge/validate-knowledge-csv';
import type { KnowledgeEntry } from '../shared/src/core/knowledge/knowledge-entry';

export interface LabelledMessage {
  message: string;
  category: Category;
  source?: Source;
}

/** Reads the knowledge-base CSV; any invalid row stops training with every row and field named. */
export function readKnowledgeBase(path: string): KnowledgeEntry[] {
  const validation = validateKnowledgeCsv(readFileSync(path, 'utf8'));
  if (!validation.ok) {
    const lines = validation.errors.slice(0, 20).map((error) => `  row ${error.row}, ${error.field}: ${error.message}`);
    throw new Error(`${path} has ${validation.errors.length} invalid field(s); nothing was trained:\n${lines.join('\n')}`);
  }
  return validation.entries;
}

/** JSONL of {"message","category","source"?}: evaluation sets and the non-error lines for `unknown`. */
export function readLabelledMessages(path: string): LabelledMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (typeof value.message !== 'string' || !isCategory(value.category)) {
        throw new Error(`${path}:${index + 1}: needs a string "message" and a known "category"`);
      }
      const labelled: LabelledMessage = { message: value.message, category: value.category };
      if (typeof value.source === 'string' && (SOURCES as readonly string[]).includes(value.source)) labelled.source = value.source as Source;
      return labelled;
    });
}

export function trainingExamples(entries: readonly KnowledgeEntry[], extra: readonly LabelledMessage[]): TrainingExample[] {
  return [
    ...entries.map(exampleFromEntry),
    ...extra.map((item) => {
      const example: TrainingExample = { text: item.message, category: item.category };
      if (item.source) example.source = item.source;
      return example;
    }),
  ];
}
