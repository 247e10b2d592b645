import type { BudgetLimits } from '../config/registration';
import type { BudgetLedger, StateUpdate } from '../coordination-store';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface BudgetVerdict {
  allowed: boolean;
  lastHour: number;
  lastDay: number;
  /** When the next action would fit, if refused. */
  retryAfterMs: number;
  detail: string;
}

/**
 * Sliding windows over the last hour and day. Consumes one unit when allowed; the ledger keeps only the
 * last day so it stays small. Refusals are not recorded: they are not actions.
 */
export function consumeBudget(ledger: BudgetLedger, now: Date, limits: BudgetLimits): StateUpdate<BudgetLedger, BudgetVerdict> {
  const nowMs = now.getTime();
  const times = ledger.actionTimes.map((iso) => Date.parse(iso)).filter((ms) => Number.isFinite(ms) && ms > nowMs - DAY_MS && ms <= nowMs).sort((a, b) => a - b);
  const inHour = times.filter((ms) => ms > nowMs - HOUR_MS);
  const kept = { actionTimes: times.map((ms) => new Date(ms).toISOString()) };
  const hourFull = inHour.length >= limits.perHour;
  const dayFull = times.length >= limits.perDay;
  if (!hourFull && !dayFull) {
    return {
      next: { actionTimes: [...kept.actionTimes, now.toISOString()] },
      result: { allowed: true, lastHour: inHour.length + 1, lastDay: times.length + 1, retryAfterMs: 0, detail: `${inHour.length + 1}/${limits.perHour} this hour, ${times.length + 1}/${limits.perDay} today` },
    };
  }
  // The window frees a slot when the oldest action that fills it slides out.
  const hourWait = hourFull ? windowWait(inHour, limits.perHour, HOUR_MS, nowMs) : 0;
  const dayWait = dayFull ? windowWait(times, limits.perDay, DAY_MS, nowMs) : 0;
  const which = dayFull ? `${times.length}/${limits.perDay} automatic actions in the last 24 hours` : `${inHour.length}/${limits.perHour} automatic actions in the last hour`;
  return {
    next: kept,
    result: { allowed: false, lastHour: inHour.length, lastDay: times.length, retryAfterMs: Math.max(hourWait, dayWait), detail: `budget exhausted: ${which}` },
  };
}

function windowWait(sortedTimes: number[], limit: number, windowMs: number, nowMs: number): number {
  if (limit === 0) return windowMs;
  const freeing = sortedTimes[sortedTimes.length - limit];
  return freeing === undefined ? 0 : Math.max(0, freeing + windowMs - nowMs);
}
