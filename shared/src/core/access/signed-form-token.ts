import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../domain/errors';

export interface FormTokenClaims {
  /** The verified identity the form was shown to; a token never works for anyone else. */
  subject: string;
  /** What the form does, e.g. "approval:<action key>"; a token for one form is refused by every other. */
  purpose: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type FormTokenProblem = 'malformed' | 'bad_signature' | 'wrong_subject' | 'wrong_purpose' | 'expired';

export class FormTokenError extends Error {
  override readonly name = 'FormTokenError';
  constructor(
    readonly code: FormTokenProblem,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = 'f1';
const MIN_KEY_BYTES = 32;

/**
 * Signed anti-CSRF tokens ("synchronizer token" without server state): an HMAC over the identity, the
 * form's purpose and an expiry. A page embeds one in its form; the POST must return it, signed for the
 * same verified identity and the same purpose, so another site cannot make a signed-in browser submit.
 * The key is derived from the caller's secret with a label, so it never doubles as another token's key.
 */
export class SignedFormTokens {
  private readonly key: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.length < MIN_KEY_BYTES) throw new ConfigError('formTokens.secret', `must be at least ${MIN_KEY_BYTES} bytes, got ${secret.length}`);
    this.key = createHmac('sha256', Buffer.from(secret)).update('flexiroaster form tokens v1', 'utf8').digest();
  }

  sign(claims: FormTokenClaims): string {
    const payload = Buffer.from(JSON.stringify([claims.subject, claims.purpose, claims.expiresAt]), 'utf8').toString('base64url');
    return `${VERSION}.${payload}.${this.mac(`${VERSION}.${payload}`)}`;
  }

  verify(token: string, expected: { subject: string; purpose: string }, now: Date): FormTokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION || !/^[A-Za-z0-9_-]+$/.test(parts[1] as string)) throw new FormTokenError('malformed', 'not a form token');
    const given = Buffer.from(parts[2] as string, 'utf8');
    const wanted = Buffer.from(this.mac(`${VERSION}.${parts[1]}`), 'utf8');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new FormTokenError('bad_signature', 'form token signature does not match');
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8'));
    } catch {
      throw new FormTokenError('malformed', 'form token payload is not valid');
    }
    if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || typeof value[1] !== 'string' || !Number.isSafeInteger(value[2])) {
      throw new FormTokenError('malformed', 'form token payload is not valid');
    }
    const claims: FormTokenClaims = { subject: value[0], purpose: value[1], expiresAt: value[2] as number };
    if (claims.subject !== expected.subject) throw new FormTokenError('wrong_subject', 'form token was issued to another identity');
    if (claims.purpose !== expected.purpose) throw new FormTokenError('wrong_purpose', 'form token belongs to another form');
    if (now.getTime() >= claims.expiresAt) throw new FormTokenError('expired', 'form token expired: reload the page');
    return claims;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text, 'utf8').digest('base64url');
  }
}
