import { randomBytes } from 'node:crypto';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { RemediationSettings } from '../../core/config/app-config';
import { ConfigError } from '../../core/domain/errors';

/**
 * The HMAC key behind approval links. Production reads it from Secret Manager (never from the
 * environment or code); a local run may give it in hex, or gets a process-local random key, which
 * only means links from one local run do not verify in another.
 */
export async function loadApprovalSigningKey(settings: RemediationSettings, client?: SecretManagerServiceClient): Promise<Uint8Array> {
  if (settings.approvalKeySecret !== undefined) {
    const secrets = client ?? new SecretManagerServiceClient();
    try {
      const [version] = await secrets.accessSecretVersion({ name: settings.approvalKeySecret });
      const data = version.payload?.data;
      if (!data) throw new ConfigError('FLEXIROASTER_APPROVAL_KEY_SECRET', `secret ${settings.approvalKeySecret} has no payload`);
      return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    } finally {
      // Read once at start: a client made here is not kept open for the life of the instance.
      if (client === undefined) await secrets.close();
    }
  }
  if (settings.approvalKeyHex !== undefined) return Buffer.from(settings.approvalKeyHex, 'hex');
  return randomBytes(32);
}
