import type { RunRecord } from '../runs/run-record';
import { median, medianAbsoluteDeviation } from './robust-statistics';

export interface Baseline {
  values: number[];
  median: number;
  mad: number;
  /** "the last 30 runs at 14:00 UTC on Mondays": which runs the value is compared with. */
  description: string;
}

const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

export interface BaselineOptions {
  /** Fewest comparable runs a baseline needs; below it the next, wider season is tried. */
  minSamples: number;
}

export const DEFAULT_BASELINE_OPTIONS: BaselineOptions = { minSamples: 8 };

function hourDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

/**
 * The robust baseline a run's value is compared with, seasonal first: runs that started within an
 * hour of the same hour on the same weekday, else within an hour of the same hour on any day, else all
 * runs. The scored run is never part of it (it is dropped by key even if the caller passed it), and
 * only runs with a value count. null when even all runs are too few.
 */
export function seasonalBaseline(
  scored: RunRecord,
  history: readonly RunRecord[],
  valueOf: (run: RunRecord) => number | null,
  options: BaselineOptions = DEFAULT_BASELINE_OPTIONS,
): Baseline | null {
  const start = new Date(Date.parse(scored.startedAt));
  const hour = start.getUTCHours();
  const weekday = start.getUTCDay();
  const candidates = history.filter((run) => run.runKey !== scored.runKey && valueOf(run) !== null);
  const sameHour = candidates.filter((run) => hourDistance(new Date(Date.parse(run.startedAt)).getUTCHours(), hour) <= 1);
  const sameWeekday = sameHour.filter((run) => new Date(Date.parse(run.startedAt)).getUTCDay() === weekday);
  const at = `${String(hour).padStart(2, '0')}:00 UTC`;
  const tiers: Array<[RunRecord[], string]> = [
    [sameWeekday, `at ${at} on ${WEEKDAYS[weekday]}`],
    [sameHour, `at ${at}`],
    [candidates, ''],
  ];
  for (const [runs, season] of tiers) {
    if (runs.length < options.minSamples) continue;
    const values = runs.map((run) => valueOf(run) as number);
    const center = median(values);
    return {
      values,
      median: center,
      mad: medianAbsoluteDeviation(values, center),
      description: `the last ${runs.length} runs${season === '' ? '' : ` ${season}`}`,
    };
  }
  return null;
}

/**
 * How far a value is from the baseline: in MADs (what reasons say) and as Iglewicz and Hoaglin's
 * modified z-score 0.6745·(x − median)/MAD (what thresholds use; reads like a z-score on normal data).
 * The MAD is floored at 5% of the median: a pipeline whose runs all took exactly 41m would otherwise
 * make one extra second infinitely unusual.
 */
export function deviation(value: number, baseline: Baseline): { mads: number; modifiedZ: number } {
  const mad = Math.max(baseline.mad, Math.abs(baseline.median) * 0.05, Number.EPSILON);
  const mads = (value - baseline.median) / mad;
  return { mads, modifiedZ: 0.6745 * mads };
}
