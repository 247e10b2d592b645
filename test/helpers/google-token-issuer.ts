import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GoogleIdentityVerifier, type GoogleIdentityVerifierOptions } from '../../shared/src/adapters/identity/google-identity-verifier';

export interface IssuedClaims {
  email: string;
  aud: string;
  iss?: string;
  email_verified?: boolean;
  hd?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

/**
 * A stand-in for Google's token issuers, on 127.0.0.1: RS256 ID tokens checked against PEM keys served
 * like https://www.googleapis.com/oauth2/v1/certs, and ES256 IAP assertions checked against keys served
 * like https://www.gstatic.com/iap/verify/public_key. Keys are generated per run; nothing leaves loopback.
 */
export class GoogleTokenIssuer {
  readonly requests: string[] = [];
  private readonly rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  /** Signs with a key nobody publishes: what a forger would have. */
  private readonly rogue = generateKeyPairSync('rsa', { modulusLength: 2048 });

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<GoogleTokenIssuer> {
    const holder: { issuer?: GoogleTokenIssuer } = {};
    const server = http.createServer((request, response) => {
      const issuer = holder.issuer;
      issuer?.requests.push(`${request.method} ${request.url}`);
      const keys = request.url === '/oauth2/v1/certs' ? { 'rsa-1': issuer?.publicPem('rsa') } : request.url === '/iap/verify/public_key' ? { 'iap-1': issuer?.publicPem('ec') } : null;
      response.writeHead(keys === null ? 404 : 200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' });
      response.end(JSON.stringify(keys ?? { error: 'not found' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.issuer = new GoogleTokenIssuer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.issuer;
  }

  verifier(options: Omit<GoogleIdentityVerifierOptions, 'clientOptions'>): GoogleIdentityVerifier {
    return new GoogleIdentityVerifier({
      ...options,
      clientOptions: { endpoints: { oauth2FederatedSignonPemCertsUrl: `${this.baseUrl}/oauth2/v1/certs`, oauth2IapPublicKeyUrl: `${this.baseUrl}/iap/verify/public_key` } },
    });
  }

  /** A Google-signed ID token, as Cloud Tasks, Cloud Scheduler or gcloud would send it. */
  idToken(claims: IssuedClaims, signer: 'google' | 'rogue' = 'google'): string {
    const key = signer === 'google' ? this.rsa.privateKey : this.rogue.privateKey;
    return jwt({ alg: 'RS256', kid: 'rsa-1', typ: 'JWT' }, payload({ iss: 'https://accounts.google.com', email_verified: true, ...claims }), key, 'RS256');
  }

  /** IAP's signed header for a signed-in user. */
  iapAssertion(claims: IssuedClaims): string {
    return jwt({ alg: 'ES256', kid: 'iap-1', typ: 'JWT' }, payload({ iss: 'https://cloud.google.com/iap', ...claims }), this.ec.privateKey, 'ES256');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private publicPem(kind: 'rsa' | 'ec'): string {
    return (kind === 'rsa' ? this.rsa.publicKey : this.ec.publicKey).export({ type: 'spki', format: 'pem' }).toString();
  }
}

function payload(claims: IssuedClaims & { iss: string }): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const { expiresIn, ...rest } = claims;
  const exp = now + (expiresIn ?? 600);
  return { ...rest, sub: `sub-${claims.email}`, iat: Math.min(now, exp - 60), exp };
}

function jwt(header: Record<string, unknown>, body: Record<string, unknown>, key: KeyObject, alg: 'RS256' | 'ES256'): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${encode(header)}.${encode(body)}`;
  const signature = sign('sha256', Buffer.from(signed), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${signed}.${signature.toString('base64url')}`;
}
