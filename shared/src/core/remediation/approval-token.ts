import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../domain/errors';

export type ApprovalVerdict = 'approve' | 'reject';

export interface ApprovalClaims {
  actionKey: string;
  verdict: ApprovalVerdict;
  /** Epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
}

export type ApprovalTokenErrorCode = 'malformed' | 'bad_signature' | 'expired' | 'wrong_action';

export class ApprovalTokenError extends Error {
  override readonly name = 'ApprovalTokenError';
  constructor(
    readonly code: ApprovalTokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = 'v1';
const MIN_KEY_BYTES = 32;
const ACTION_KEY = /^[0-9a-f]{64}$/;

/**
 * HMAC-SHA256 tokens that approve or reject exactly one action: "v1.<payload>.<signature>", both parts
 * base64url. The version and payload are signed together, so neither can be swapped. The key comes
 * from Secret Manager at the edge; nothing here stores it.
 */
export class ApprovalTokens {
  private readonly key: Buffer;

  constructor(signingKey: Uint8Array) {
    if (signingKey.length < MIN_KEY_BYTES) throw new ConfigError('approval.signingKey', `must be at least ${MIN_KEY_BYTES} bytes, got ${signingKey.length}`);
    this.key = Buffer.from(signingKey);
  }

  sign(claims: ApprovalClaims): string {
    const payload = Buffer.from(JSON.stringify([claims.actionKey, claims.verdict, claims.issuedAt, claims.expiresAt]), 'utf8').toString('base64url');
    return `${VERSION}.${payload}.${this.mac(`${VERSION}.${payload}`).toString('base64url')}`;
  }

  /** Checks the signature first, so nothing from an unauthenticated payload is trusted or echoed. */
  verify(token: string, expectedActionKey: string, now: Date): ApprovalClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) throw new ApprovalTokenError('malformed', 'not a v1 approval token');
    const [version, payload, signature] = parts as [string, string, string];
    // Compared as canonical text: base64url has spare bits in its last character, so decoding first
    // would accept several spellings of one signature.
    const given = Buffer.from(signature, 'utf8');
    const expected = Buffer.from(this.mac(`${version}.${payload}`).toString('base64url'), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApprovalTokenError('bad_signature', 'approval token signature does not match');
    }
    const claims = parseClaims(payload);
    if (claims === null) throw new ApprovalTokenError('malformed', 'approval token payload is not valid');
    if (claims.actionKey !== expectedActionKey) throw new ApprovalTokenError('wrong_action', 'approval token is bound to another action');
    if (now.getTime() >= claims.expiresAt) throw new ApprovalTokenError('expired', `approval token expired at ${new Date(claims.expiresAt).toISOString()}`);
    return claims;
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.key).update(text, 'utf8').digest();
  }
}

function decodeBase64Url(text: string): Buffer | null {
  return /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url') : null;
}

function parseClaims(payload: string): ApprovalClaims | null {
  const bytes = decodeBase64Url(payload);
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 4) return null;
  const [actionKey, verdict, issuedAt, expiresAt] = value as unknown[];
  if (typeof actionKey !== 'string' || !ACTION_KEY.test(actionKey)) return null;
  if (verdict !== 'approve' && verdict !== 'reject') return null;
  if (!Number.isSafeInteger(issuedAt) || !Number.isSafeInteger(expiresAt)) return null;
  return { actionKey, verdict, issuedAt: issuedAt as number, expiresAt: expiresAt as number };
}
