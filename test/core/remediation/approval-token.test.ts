import { ApprovalTokenError, ApprovalTokens } from '../../../shared/src/core/remediation/approval-token';
import { ConfigError } from '../../../shared/src/core/domain/errors';

const KEY = Buffer.alloc(32, 7);
const ACTION = 'a1'.repeat(32);
const OTHER_ACTION = 'b2'.repeat(32);
const NOW = new Date('2024-05-01T10:00:00.000Z');
const claims = { actionKey: ACTION, verdict: 'approve' as const, issuedAt: NOW.getTime(), expiresAt: NOW.getTime() + 3_600_000 };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ApprovalTokenError) return error.code;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('approval tokens', () => {
  const tokens = new ApprovalTokens(KEY);

  it('accepts a fresh token for its own action and returns the verdict it carries', () => {
    expect(tokens.verify(tokens.sign(claims), ACTION, NOW)).toEqual(claims);
    expect(tokens.verify(tokens.sign({ ...claims, verdict: 'reject' }), ACTION, NOW).verdict).toBe('reject');
  });

  it('refuses a token whose payload was changed (e.g. reject turned into approve)', () => {
    const rejectToken = tokens.sign({ ...claims, verdict: 'reject' });
    const [version, , signature] = rejectToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify([ACTION, 'approve', claims.issuedAt, claims.expiresAt])).toString('base64url');
    expect(refusal(() => tokens.verify(`${version}.${forgedPayload}.${signature}`, ACTION, NOW))).toBe('bad_signature');
  });

  it('refuses a token with a flipped signature byte, a token signed with another key, and garbage', () => {
    const token = tokens.sign(claims);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(refusal(() => tokens.verify(`${token.slice(0, -1)}${last}`, ACTION, NOW))).toBe('bad_signature');
    expect(refusal(() => tokens.verify(new ApprovalTokens(Buffer.alloc(32, 8)).sign(claims), ACTION, NOW))).toBe('bad_signature');
    expect(refusal(() => tokens.verify('not-a-token', ACTION, NOW))).toBe('malformed');
    expect(refusal(() => tokens.verify(`v1.${token.split('.')[1]}.`, ACTION, NOW))).toBe('bad_signature');
  });

  it('refuses an expired token, from the expiry instant on', () => {
    const token = tokens.sign(claims);
    expect(refusal(() => tokens.verify(token, ACTION, new Date(claims.expiresAt)))).toBe('expired');
    expect(tokens.verify(token, ACTION, new Date(claims.expiresAt - 1)).actionKey).toBe(ACTION);
  });

  it('refuses a valid token presented for another action', () => {
    expect(refusal(() => tokens.verify(tokens.sign(claims), OTHER_ACTION, NOW))).toBe('wrong_action');
  });

  it('requires a signing key of at least 32 bytes', () => {
    expect(() => new ApprovalTokens(Buffer.alloc(16))).toThrow(ConfigError);
  });
});
