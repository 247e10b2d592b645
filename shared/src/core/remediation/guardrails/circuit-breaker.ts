import type { BreakerSettings } from '../config/remediation-config';
import type { BreakerState, StateUpdate } from '../coordination-store';

export interface BreakerVerdict {
  admitted: boolean;
  mode: 'closed' | 'half_open' | 'open';
  detail: string;
}

/**
 * closed → admit. open within the cool-down → refuse. open after the cool-down → admit exactly one probe
 * (half-open) and refuse others until it settles; a probe that never settles frees the slot after
 * another cool-down so a lost verification cannot stop automation for good.
 */
export function admit(state: BreakerState, now: Date, settings: BreakerSettings, takeProbe: boolean): StateUpdate<BreakerState, BreakerVerdict> {
  if (state.openedAt === null) {
    return { next: state, result: { admitted: true, mode: 'closed', detail: `closed (${state.consecutiveFailures} consecutive failures of ${settings.failureThreshold})` } };
  }
  const nowMs = now.getTime();
  const reopensAt = Date.parse(state.openedAt) + settings.coolDownMs;
  if (nowMs < reopensAt) {
    return {
      next: state,
      result: { admitted: false, mode: 'open', detail: `open since ${state.openedAt} after ${state.consecutiveFailures} consecutive failed remediations; cool-down ends ${new Date(reopensAt).toISOString()}` },
    };
  }
  const probeBusy = state.probeStartedAt !== null && nowMs < Date.parse(state.probeStartedAt) + settings.coolDownMs;
  if (probeBusy) {
    return { next: state, result: { admitted: false, mode: 'half_open', detail: `half-open: the probe started ${state.probeStartedAt} has not settled yet` } };
  }
  return {
    next: takeProbe ? { ...state, probeStartedAt: now.toISOString() } : state,
    result: { admitted: true, mode: 'half_open', detail: 'half-open: cool-down passed, one probe action allowed' },
  };
}

export interface BreakerTransition {
  opened: boolean;
  closed: boolean;
  state: BreakerState;
}

export function recordOutcome(state: BreakerState, outcome: 'succeeded' | 'failed', now: Date, settings: BreakerSettings): StateUpdate<BreakerState, BreakerTransition> {
  if (outcome === 'succeeded') {
    const next: BreakerState = { consecutiveFailures: 0, openedAt: null, probeStartedAt: null };
    return { next, result: { opened: false, closed: state.openedAt !== null, state: next } };
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  // A failure while open (the probe, or an action started before the trip) restarts the cool-down.
  const whileOpen = state.openedAt !== null;
  const trips = whileOpen || consecutiveFailures >= settings.failureThreshold;
  const next: BreakerState = { consecutiveFailures, openedAt: trips ? now.toISOString() : state.openedAt, probeStartedAt: null };
  return { next, result: { opened: trips && state.openedAt === null, closed: false, state: next } };
}
