import { existsSync, readFileSync } from 'node:fs';
import { parseCsv } from '../csv';

/** BGL's label for a non-alert message. */
export const NORMAL = '-';

export interface BglMessages {
  contents: string[];
  labels: string[];
  levels: string[];
  components: string[];
}

/** The labelled BGL messages, or a reason why they are not available (missing file or Label column). */
export function loadBgl(path: string): BglMessages | { skip: string } {
  if (!existsSync(path)) return { skip: `${path} not found (benchmark data lives in ../shared/bench-data/)` };
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8')).filter((row) => row.length > 1);
  if (!header) return { skip: `${path} is empty` };
  const column = (name: string): number => header.indexOf(name);
  const label = column('Label');
  const content = column('Content');
  if (label < 0) return { skip: `${path} has no Label column: the classification benchmark needs BGL's alert labels` };
  if (content < 0) return { skip: `${path} has no Content column` };
  const level = column('Level');
  const component = column('Component');
  return {
    contents: rows.map((row) => row[content] ?? ''),
    labels: rows.map((row) => row[label] ?? ''),
    levels: rows.map((row) => (level >= 0 ? (row[level] ?? '') : '')),
    components: rows.map((row) => (component >= 0 ? (row[component] ?? '') : '')),
  };
}
