import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTimestampMs } from '../shared/src/core/anomaly/streaming';

export interface NabSeries {
  /** category/file.csv, as NAB names it. */
  name: string;
  csv: string;
  timestamps: string[];
  timestampsMs: number[];
  values: number[];
  /** Anomaly windows as inclusive row indices. */
  windows: Array<[number, number]>;
}

/** The NAB series and their label windows from `root` (../shared/bench-data/nab), or why they cannot be read. */
export function loadNab(root: string): { series: NabSeries[] } | { skip: string } {
  const labelsPath = join(root, 'labels/combined_windows.json');
  if (!existsSync(join(root, 'data')) || !existsSync(labelsPath)) return { skip: `${root} has no data/ or labels/combined_windows.json` };
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as Record<string, Array<[string, string]>>;
  const series: NabSeries[] = [];
  for (const category of readdirSync(join(root, 'data')).sort()) {
    for (const file of readdirSync(join(root, 'data', category)).sort()) {
      if (!file.endsWith('.csv')) continue;
      const name = `${category}/${file}`;
      const csv = readFileSync(join(root, 'data', name), 'utf8');
      const rows = csv.trim().split('\n').slice(1).map((line) => line.split(','));
      const timestamps = rows.map((row) => row[0]!);
      const timestampsMs = timestamps.map(parseTimestampMs);
      const index = new Map(timestampsMs.map((ms, i) => [ms, i]));
      const windows = (labels[name] ?? []).map(([from, to]): [number, number] => {
        const start = index.get(parseTimestampMs(from));
        const end = index.get(parseTimestampMs(to));
        if (start === undefined || end === undefined) throw new Error(`${name}: window ${from}..${to} does not match a row`);
        return [start, end];
      });
      series.push({ name, csv, timestamps, timestampsMs, values: rows.map((row) => Number(row[1])), windows });
    }
  }
  return { series };
}
