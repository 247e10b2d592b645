import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OddsSet {
  name: string;
  rows: Float64Array[];
  /** 1 = outlier, as ODDS labels it. */
  labels: Uint8Array;
}

export interface OddsInfo {
  n: number;
  d: number;
  n_outliers: number;
}

/** The sets listed in datasets.json, in its order, or why they cannot be read. */
export function listOddsSets(dir: string): { names: string[]; info: Record<string, OddsInfo> } | { skip: string } {
  const index = join(dir, 'datasets.json');
  if (!existsSync(index)) return { skip: `${index} not found (the ODDS data lives in ../shared/bench-data/odds/)` };
  const info = JSON.parse(readFileSync(index, 'utf8')) as Record<string, OddsInfo>;
  return { names: Object.keys(info), info };
}

/** ODDS CSV: header f0..f{d-1},label then one numeric row per line. */
export function loadOddsSet(dir: string, name: string): OddsSet {
  const lines = readFileSync(join(dir, `${name}.csv`), 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  const header = (lines[0] ?? '').split(',');
  const labelColumn = header.indexOf('label');
  if (labelColumn !== header.length - 1) throw new Error(`${name}.csv: expected the last column to be "label", got ${header.join(',')}`);
  const rows: Float64Array[] = [];
  const labels = new Uint8Array(lines.length - 1);
  for (let i = 1; i < lines.length; i += 1) {
    const fields = (lines[i] as string).split(',');
    const row = new Float64Array(labelColumn);
    for (let f = 0; f < labelColumn; f += 1) row[f] = Number(fields[f]);
    rows.push(row);
    labels[i - 1] = Number(fields[labelColumn]) === 1 ? 1 : 0;
  }
  return { name, rows, labels };
}
