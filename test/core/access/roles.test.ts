import type { VerifiedIdentity } from '../../../shared/src/core/access/identity';
import { parseAccessPolicy, roleOf, satisfies } from '../../../shared/src/core/access/roles';
import { ConfigError } from '../../../shared/src/core/domain/errors';
import { SignedFormTokens, FormTokenError } from '../../../shared/src/core/access/signed-form-token';

const who = (email: string, hostedDomain?: string): VerifiedIdentity => ({ email, subject: `s-${email}`, via: 'iap', ...(hostedDomain ? { hostedDomain } : {}) });

describe('access policy: roles from verified identities and groups', () => {
  const policy = parseAccessPolicy({
    grants: [
      { member: 'user:Alice@acme.example', role: 'approver' },
      { member: 'group:sre@acme.example', role: 'operator' },
      { member: 'domain:acme.example', role: 'viewer' },
      { member: 'user:root@acme.example', role: 'admin' },
    ],
  });

  it('gives each identity its highest grant, matching e-mails case-insensitively', () => {
    expect(roleOf(policy, who('alice@acme.example', 'acme.example'))).toBe('approver');
    expect(roleOf(policy, who('bob@acme.example', 'acme.example'), ['SRE@acme.example'])).toBe('operator');
    expect(roleOf(policy, who('carol@acme.example', 'acme.example'))).toBe('viewer');
    expect(roleOf(policy, who('root@acme.example'))).toBe('admin');
  });

  it('matches domain grants on the token hosted domain only, not on an address that merely ends in it', () => {
    expect(roleOf(policy, who('mallory@acme.example'))).toBeNull();
  });

  it('orders roles viewer < operator < approver < admin', () => {
    expect(satisfies('admin', 'approver')).toBe(true);
    expect(satisfies('operator', 'approver')).toBe(false);
    expect(satisfies(null, 'viewer')).toBe(false);
  });

  it.each([
    [{ grants: [{ member: 'alice@acme.example', role: 'viewer' }] }, 'access.grants[0].member'],
    [{ grants: [{ member: 'user:alice@acme.example', role: 'owner' }] }, 'access.grants[0].role'],
    [{ grants: [{ member: 'user:alice@acme.example', role: 'viewer', extra: 1 }] }, 'access.grants[0]'],
    [{ admins: [] }, 'access.admins'],
  ])('refuses a malformed policy naming the field: %j', (input, key) => {
    expect(() => parseAccessPolicy(input)).toThrow(ConfigError);
    expect(() => parseAccessPolicy(input)).toThrow(key);
  });
});

describe('signed form tokens (approval form CSRF)', () => {
  const tokens = new SignedFormTokens(Buffer.alloc(32, 7));
  const now = new Date('2024-05-01T10:00:00Z');
  const token = tokens.sign({ subject: 'alice@acme.example', purpose: 'approval:k', expiresAt: now.getTime() + 60_000 });

  it('verifies for the same identity and purpose before expiry', () => {
    expect(tokens.verify(token, { subject: 'alice@acme.example', purpose: 'approval:k' }, now).subject).toBe('alice@acme.example');
  });

  it.each([
    ['another identity', { subject: 'mallory@acme.example', purpose: 'approval:k' }, now, 'wrong_subject'],
    ['another form', { subject: 'alice@acme.example', purpose: 'approval:other' }, now, 'wrong_purpose'],
    ['after expiry', { subject: 'alice@acme.example', purpose: 'approval:k' }, new Date(now.getTime() + 60_000), 'expired'],
  ])('refuses %s', (_label, expected, at, code) => {
    expect(() => tokens.verify(token, expected, at)).toThrow(expect.objectContaining({ code }) as FormTokenError);
  });

  it('refuses a token signed with another key or tampered with', () => {
    const other = new SignedFormTokens(Buffer.alloc(32, 8)).sign({ subject: 'alice@acme.example', purpose: 'approval:k', expiresAt: now.getTime() + 60_000 });
    expect(() => tokens.verify(other, { subject: 'alice@acme.example', purpose: 'approval:k' }, now)).toThrow(expect.objectContaining({ code: 'bad_signature' }) as FormTokenError);
    expect(() => tokens.verify('', { subject: 'alice@acme.example', purpose: 'approval:k' }, now)).toThrow(expect.objectContaining({ code: 'malformed' }) as FormTokenError);
  });
});
