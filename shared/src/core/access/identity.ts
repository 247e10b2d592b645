/** Who made a request, as proven by a signed token: never taken from a header the caller can set. */
export interface VerifiedIdentity {
  /** Lower-cased e-mail of the signed-in user or service account. */
  email: string;
  /** The token's stable subject id (IAP: "accounts.google.com:123…", ID token: the numeric sub). */
  subject: string;
  /** Which kind of token proved it. */
  via: 'iap' | 'id_token';
  /** Google Workspace domain of the account, when the token names one (hd claim). */
  hostedDomain?: string;
}

/** The credential-bearing headers of a request, as received; the verifier decides what they prove. */
export interface CredentialHeaders {
  /** x-goog-iap-jwt-assertion, set by Identity-Aware Proxy after it signed the user in. */
  iapAssertion?: string;
  /** Authorization header; "Bearer <Google-signed ID token>" (Cloud Tasks, Cloud Scheduler, gcloud, a browser behind IAP). */
  authorization?: string;
}

export type AuthenticationFailure = 'missing_credentials' | 'invalid_token' | 'unverified_email' | 'keys_unavailable';

/** The request proves no identity. Messages never echo the token. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  constructor(
    readonly code: AuthenticationFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Verifies a request's token signature, issuer, audience and expiry, and returns who it names. */
export interface IdentityVerifier {
  verify(headers: CredentialHeaders): Promise<VerifiedIdentity>;
}

/** Groups an identity belongs to (directly or through nested groups), for role grants to groups. */
export interface GroupMembership {
  groupsOf(email: string): Promise<readonly string[]>;
}
