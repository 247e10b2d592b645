import type { EventTelemetry } from '../domain/run-telemetry';
import { canonicalExecutionDate } from './airflow-run';
import { compactTelemetry, countOf, instantOf } from './telemetry-values';

/** "run_start_date=2026-11-21 04:01:01.118274+00:00" (scheduler) or "start_date=20261121T040101" (worker). */
function dateField(text: string, key: string): string | undefined {
  const match = new RegExp(`(?:^|[\\s,(])${key}=(\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[+-]\\d{2}:?\\d{2}|Z)?|\\d{8}T\\d{6})`).exec(text);
  const raw = match?.[1];
  if (raw === undefined) return undefined;
  return instantOf(/^\d{8}T\d{6}$/.test(raw) ? canonicalExecutionDate(raw) : /[+-]\d{2}:?\d{2}$|Z$/.test(raw) ? raw : `${raw}Z`);
}

function numberField(text: string, key: string): string | undefined {
  return new RegExp(`(?:^|[\\s,(])${key}=(\\d+(?:\\.\\d+)?)\\b`).exec(text)?.[1];
}

/**
 * What an Airflow task line states about the attempt's timing and try: the scheduler's
 * "TaskInstance Finished: ... run_start_date=, run_end_date=, run_duration=, try_number=, max_tries=",
 * the worker's "Marking task as X. ... start_date=, end_date=", "Starting attempt N of M", and
 * Composer's try-number entry label.
 */
export function airflowTelemetry(text: string, tryNumberLabel: string | undefined): EventTelemetry {
  const startedAt = dateField(text, 'run_start_date') ?? dateField(text, 'start_date');
  let endedAt = dateField(text, 'run_end_date') ?? dateField(text, 'end_date');
  const durationSeconds = numberField(text, 'run_duration');
  if (endedAt === undefined && startedAt !== undefined && durationSeconds !== undefined) {
    endedAt = new Date(Date.parse(startedAt) + Math.round(Number(durationSeconds) * 1000)).toISOString();
  }
  const attempt = /\bStarting attempt (\d+) of (\d+)/.exec(text);
  const tryNumber = countOf(numberField(text, 'try_number')) ?? countOf(attempt?.[1]) ?? countOf(tryNumberLabel);
  // "Starting attempt N of M" counts the first run in M; max_tries counts only the retries.
  const maxTries = countOf(numberField(text, 'max_tries')) ?? (attempt?.[2] === undefined ? undefined : Number(attempt[2]) - 1);
  return compactTelemetry({ startedAt, endedAt, tryNumber: tryNumber !== undefined && tryNumber > 0 ? tryNumber : undefined, maxTries });
}
