import { OAuth2Client } from 'google-auth-library';

export const TEST_ACCESS_TOKEN = 'ya29.test-access-token';

/**
 * An auth client that already holds a valid access token and refuses to fetch another: a Google
 * client library built with it signs requests ("Authorization: Bearer <token>") without contacting
 * oauth2.googleapis.com or the metadata server, and any attempt to refresh fails the call loudly and
 * is counted, so a test can assert `refreshAttempts` stayed 0.
 */
export class FixedTokenAuthClient extends OAuth2Client {
  refreshAttempts = 0;

  constructor(readonly token: string = TEST_ACCESS_TOKEN) {
    super();
    // An hour ahead: far enough that the library's eager-refresh window (5 minutes) never triggers.
    this.setCredentials({ access_token: token, token_type: 'Bearer', expiry_date: Date.now() + 60 * 60 * 1000 });
  }

  protected override async refreshTokenNoCache(): Promise<never> {
    this.refreshAttempts += 1;
    throw new Error('FixedTokenAuthClient: a token refresh was attempted; tests must not reach oauth2.googleapis.com');
  }
}

/** Shorthand for the adapters' `auth` / `authClient` settings in tests. */
export function offlineAuthClient(token: string = TEST_ACCESS_TOKEN): FixedTokenAuthClient {
  return new FixedTokenAuthClient(token);
}
