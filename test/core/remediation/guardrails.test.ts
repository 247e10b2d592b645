import { CLOSED_BREAKER, EMPTY_LEDGER, type BreakerState, type BudgetLedger } from '../../../shared/src/core/remediation/coordination-store';
import { consumeBudget } from '../../../shared/src/core/remediation/guardrails/budget';
import { admit, recordOutcome } from '../../../shared/src/core/remediation/guardrails/circuit-breaker';
import { checkScope, globMatches } from '../../../shared/src/core/remediation/guardrails/scope';

const T0 = Date.parse('2024-05-01T00:00:00.000Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);
const LIMITS = { perHour: 3, perDay: 5 };
const BREAKER = { failureThreshold: 3, coolDownMs: 30 * 60_000 };

function spend(ledger: BudgetLedger, minutes: number) {
  return consumeBudget(ledger, at(minutes), LIMITS);
}

describe('budget (sliding windows)', () => {
  it('admits perHour actions, refuses the next with the wait until a slot frees, and admits again once the oldest slides out', () => {
    let ledger = EMPTY_LEDGER;
    for (const minute of [0, 10, 20]) {
      const step = spend(ledger, minute);
      expect(step.result.allowed).toBe(true);
      ledger = step.next;
    }
    const refused = spend(ledger, 30);
    expect(refused.result).toMatchObject({ allowed: false, lastHour: 3, retryAfterMs: 30 * 60_000 });
    expect(refused.result.detail).toBe('budget exhausted: 3/3 automatic actions in the last hour');
    expect(refused.next).toEqual(ledger);
    expect(spend(ledger, 60).result.allowed).toBe(true);
  });

  it('enforces the daily window across hours and recovers 24 hours after the oldest action', () => {
    let ledger = EMPTY_LEDGER;
    for (const minute of [0, 1, 2, 120, 121]) ledger = spend(ledger, minute).next;
    const refused = spend(ledger, 300);
    expect(refused.result).toMatchObject({ allowed: false, lastDay: 5, lastHour: 0 });
    expect(refused.result.detail).toMatch(/5\/5 automatic actions in the last 24 hours/);
    expect(refused.result.retryAfterMs).toBe((24 * 60 - 300) * 60_000);
    expect(spend(ledger, 24 * 60 + 1).result.allowed).toBe(true);
  });

  it('forgets actions older than a day so the ledger stays small', () => {
    const old: BudgetLedger = { actionTimes: [at(-3000).toISOString(), at(-2000).toISOString()] };
    expect(spend(old, 0).next.actionTimes).toEqual([at(0).toISOString()]);
  });
});

describe('circuit breaker', () => {
  function fail(state: BreakerState, minute: number): BreakerState {
    return recordOutcome(state, 'failed', at(minute), BREAKER).next;
  }

  it('opens after N consecutive failures and refuses until the cool-down has passed', () => {
    let state = CLOSED_BREAKER;
    state = fail(fail(state, 0), 1);
    expect(admit(state, at(2), BREAKER, true).result.admitted).toBe(true);
    const trip = recordOutcome(state, 'failed', at(2), BREAKER);
    expect(trip.result.opened).toBe(true);
    expect(admit(trip.next, at(31), BREAKER, true).result).toMatchObject({ admitted: false, mode: 'open' });
  });

  it('a success resets the count', () => {
    const state = recordOutcome(fail(fail(CLOSED_BREAKER, 0), 1), 'succeeded', at(2), BREAKER).next;
    expect(fail(fail(state, 3), 4)).toMatchObject({ consecutiveFailures: 2, openedAt: null });
  });

  it('lets exactly one probe through after the cool-down; its success closes, its failure reopens', () => {
    const open = fail(fail(fail(CLOSED_BREAKER, 0), 1), 2);
    const probe = admit(open, at(33), BREAKER, true);
    expect(probe.result).toMatchObject({ admitted: true, mode: 'half_open' });
    expect(admit(probe.next, at(34), BREAKER, true).result).toMatchObject({ admitted: false, mode: 'half_open' });
    const closed = recordOutcome(probe.next, 'succeeded', at(40), BREAKER);
    expect(closed.result.closed).toBe(true);
    expect(admit(closed.next, at(41), BREAKER, true).result.mode).toBe('closed');
    const reopened = recordOutcome(probe.next, 'failed', at(40), BREAKER).next;
    expect(admit(reopened, at(41), BREAKER, true).result.mode).toBe('open');
    expect(admit(reopened, at(71), BREAKER, true).result.admitted).toBe(true);
  });

  it('frees the probe slot when a probe never settles, after another cool-down', () => {
    const probing = admit(fail(fail(fail(CLOSED_BREAKER, 0), 1), 2), at(33), BREAKER, true).next;
    expect(admit(probing, at(62), BREAKER, true).result.admitted).toBe(false);
    expect(admit(probing, at(64), BREAKER, true).result.admitted).toBe(true);
  });
});

describe('scopes', () => {
  const scopes = { allowProjects: ['acme-*'], denyProjects: ['acme-prod-finance'], allowPipelines: ['*'], denyPipelines: ['*.pii_*', 'legacy-?'] };

  it('matches globs literally apart from * and ?', () => {
    expect(globMatches('acme-*', 'acme-data')).toBe(true);
    expect(globMatches('acme.*', 'acmeXdata')).toBe(false);
    expect(globMatches('legacy-?', 'legacy-1')).toBe(true);
    expect(globMatches('legacy-?', 'legacy-12')).toBe(false);
  });

  it('lets deny win over allow, for projects and pipelines', () => {
    expect(checkScope(scopes, 'acme-data', 'orders').allowed).toBe(true);
    expect(checkScope(scopes, 'acme-prod-finance', 'orders')).toMatchObject({ allowed: false, detail: 'project "acme-prod-finance" matches deny pattern "acme-prod-finance"' });
    expect(checkScope(scopes, 'acme-data', 'acme-data.pii_customers').allowed).toBe(false);
    expect(checkScope(scopes, 'other', 'orders').detail).toBe('project "other" matches no allowed project pattern');
  });
});
