import { OAuth2Client, type OAuth2ClientOptions } from 'google-auth-library';
import { AuthenticationError, type CredentialHeaders, type IdentityVerifier, type VerifiedIdentity } from '../../core/access/identity';

/** https://cloud.google.com/iap/docs/signed-headers-howto: IAP signs with ES256 under this issuer. */
const IAP_ISSUER = 'https://cloud.google.com/iap';
const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
const IAP_KEYS_TTL_MS = 60 * 60 * 1000;
/** An unknown key id may mean IAP rotated its keys; refetch, but not on every forged token. */
const IAP_KEYS_MIN_REFRESH_MS = 60 * 1000;
const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

export interface GoogleIdentityVerifierOptions {
  /**
   * Audience of IAP's signed header: "/projects/NUMBER/global/backendServices/ID" (load balancer) or
   * "/projects/NUMBER/apps/PROJECT_ID" (App Engine). Without it the IAP header is not accepted at all.
   */
  iapAudience?: string;
  /** Audiences accepted on Google-signed ID tokens in Authorization: Bearer, e.g. the service's URL. */
  idTokenAudiences?: readonly string[];
  /** Client options; tests point `endpoints` at keys served from 127.0.0.1. */
  clientOptions?: OAuth2ClientOptions;
}

/**
 * IdentityVerifier on google-auth-library: IAP's `x-goog-iap-jwt-assertion` checked against IAP's
 * public keys (ES256, issuer https://cloud.google.com/iap, the configured audience), or a Google ID
 * token (Cloud Tasks and Cloud Scheduler OIDC tokens, gcloud, a signed-in browser) checked with
 * OAuth2Client.verifyIdToken (RS256 Google certificates, issuer accounts.google.com, audience).
 * Only a verified e-mail counts; nothing the caller writes in another header is read.
 */
export class GoogleIdentityVerifier implements IdentityVerifier {
  private readonly client: OAuth2Client;
  private iapKeys: { keys: Record<string, string>; fetchedAt: number } | null = null;

  constructor(private readonly options: GoogleIdentityVerifierOptions) {
    if (options.iapAudience === undefined && (options.idTokenAudiences ?? []).length === 0) {
      throw new AuthenticationError('missing_credentials', 'an identity verifier needs an IAP audience or at least one ID token audience');
    }
    this.client = new OAuth2Client(options.clientOptions ?? {});
  }

  async verify(headers: CredentialHeaders): Promise<VerifiedIdentity> {
    if (headers.iapAssertion !== undefined && headers.iapAssertion !== '') return this.verifyIap(headers.iapAssertion);
    const bearer = headers.authorization === undefined ? null : BEARER.exec(headers.authorization.trim());
    if (bearer !== null) return this.verifyIdToken(bearer[1] as string);
    throw new AuthenticationError('missing_credentials', 'no IAP assertion and no Bearer ID token: sign in through IAP or send a Google ID token');
  }

  private async verifyIap(assertion: string): Promise<VerifiedIdentity> {
    const audience = this.options.iapAudience;
    if (audience === undefined) throw new AuthenticationError('invalid_token', 'IAP assertions are not accepted here (no IAP audience is configured)');
    if (headerOf(assertion).alg !== 'ES256') throw new AuthenticationError('invalid_token', 'IAP assertion is not signed with ES256');
    const keys = await this.keysFor(headerOf(assertion).kid);
    const payload = await this.checked(() => this.client.verifySignedJwtWithCertsAsync(assertion, keys, audience, [IAP_ISSUER]));
    return identityOf(payload, 'iap');
  }

  private async verifyIdToken(token: string): Promise<VerifiedIdentity> {
    const audiences = this.options.idTokenAudiences ?? [];
    if (audiences.length === 0) throw new AuthenticationError('invalid_token', 'ID tokens are not accepted here (no audience is configured)');
    if (headerOf(token).alg !== 'RS256') throw new AuthenticationError('invalid_token', 'ID token is not signed with RS256');
    const payload = await this.checked(async () => {
      const ticket = await this.client.verifyIdToken({ idToken: token, audience: [...audiences] });
      return ticket;
    });
    if (!GOOGLE_ISSUERS.includes(String(payload.iss))) throw new AuthenticationError('invalid_token', 'ID token was not issued by Google');
    if (payload.email_verified !== true) throw new AuthenticationError('unverified_email', 'the token does not carry a verified e-mail');
    return identityOf(payload, 'id_token');
  }

  private async keysFor(kid: unknown): Promise<Record<string, string>> {
    const now = Date.now();
    const cached = this.iapKeys;
    const fresh = cached !== null && now - cached.fetchedAt < IAP_KEYS_TTL_MS;
    const knowsKid = cached !== null && typeof kid === 'string' && Object.hasOwn(cached.keys, kid);
    if (cached !== null && fresh && (knowsKid || now - cached.fetchedAt < IAP_KEYS_MIN_REFRESH_MS)) return cached.keys;
    try {
      const { pubkeys } = await this.client.getIapPublicKeys();
      this.iapKeys = { keys: { ...pubkeys } as Record<string, string>, fetchedAt: now };
      return this.iapKeys.keys;
    } catch {
      throw new AuthenticationError('keys_unavailable', "IAP's public keys could not be fetched");
    }
  }

  /** Runs a library check and turns any failure into a typed error that does not repeat the token. */
  private async checked(verify: () => Promise<{ getPayload(): TokenPayload | undefined }>): Promise<TokenPayload> {
    let payload: TokenPayload | undefined;
    try {
      payload = (await verify()).getPayload();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.startsWith('Failed to retrieve verification certificates')) throw new AuthenticationError('keys_unavailable', "Google's token certificates could not be fetched");
      throw new AuthenticationError('invalid_token', `token rejected: ${reasonOf(message)}`);
    }
    if (payload === undefined) throw new AuthenticationError('invalid_token', 'token has no payload');
    return payload;
  }
}

interface TokenPayload {
  iss?: string;
  sub?: string;
  email?: string;
  email_verified?: boolean;
  hd?: string;
}

function identityOf(payload: TokenPayload, via: VerifiedIdentity['via']): VerifiedIdentity {
  if (typeof payload.email !== 'string' || payload.email === '' || typeof payload.sub !== 'string') {
    throw new AuthenticationError('unverified_email', 'the token names no e-mail');
  }
  const identity: VerifiedIdentity = { email: payload.email.toLowerCase(), subject: payload.sub, via };
  if (typeof payload.hd === 'string' && payload.hd !== '') identity.hostedDomain = payload.hd.toLowerCase();
  return identity;
}

function headerOf(token: string): { alg?: unknown; kid?: unknown } {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as { alg?: unknown; kid?: unknown }) : {};
  } catch {
    return {};
  }
}

/** The library's messages embed the token or its payload; keep only the kind of failure. */
function reasonOf(message: string): string {
  const known = ['Wrong number of segments', 'No pem found', 'Invalid token signature', 'No issue time', 'No expiration time', 'Expiration time too far', 'Token used too early', 'Token used too late', 'Invalid issuer', 'Wrong recipient', "Can't parse token"];
  return known.find((prefix) => message.startsWith(prefix))?.replace(/,$/, '') ?? 'not a valid token';
}
