import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { loadApprovalSigningKey } from '../../../shared/src/adapters/secrets/approval-signing-key';
import { ConfigError } from '../../../shared/src/core/domain/errors';

const SECRET = 'projects/acme-data/secrets/flexiroaster-approval-key/versions/latest';

function fakeClient(payload: { data?: Uint8Array | string | null } | null) {
  const calls: string[] = [];
  let closed = false;
  const client = {
    accessSecretVersion: async (request: { name: string }) => {
      calls.push(request.name);
      return [{ payload }];
    },
    close: async () => {
      closed = true;
    },
  };
  return { client: client as unknown as SecretManagerServiceClient, calls, closed: () => closed };
}

describe('loadApprovalSigningKey', () => {
  it('reads the key from the Secret Manager version and leaves a client it was given open', async () => {
    const fake = fakeClient({ data: Buffer.from('k'.repeat(64), 'utf8') });
    const key = await loadApprovalSigningKey({ approvalKeySecret: SECRET }, fake.client);
    expect(Buffer.from(key).toString('utf8')).toBe('k'.repeat(64));
    expect(fake.calls).toEqual([SECRET]);
    expect(fake.closed()).toBe(false);
  });

  it('names FLEXIROASTER_APPROVAL_KEY_SECRET when the version has no payload', async () => {
    const fake = fakeClient({ data: null });
    const error = await loadApprovalSigningKey({ approvalKeySecret: SECRET }, fake.client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('FLEXIROASTER_APPROVAL_KEY_SECRET');
  });

  it('prefers the secret over a local hex key, uses the hex key locally, and otherwise makes a fresh 32-byte key', async () => {
    const hex = 'ab'.repeat(32);
    const fake = fakeClient({ data: 'from-secret' });
    expect(Buffer.from(await loadApprovalSigningKey({ approvalKeySecret: SECRET, approvalKeyHex: hex }, fake.client)).toString('utf8')).toBe('from-secret');
    expect(Buffer.from(await loadApprovalSigningKey({ approvalKeyHex: hex })).toString('hex')).toBe(hex);
    const [a, b] = await Promise.all([loadApprovalSigningKey({}), loadApprovalSigningKey({})]);
    expect(a).toHaveLength(32);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
