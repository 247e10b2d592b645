import { AuthenticationError } from '../../../shared/src/core/access/identity';
import { GoogleTokenIssuer } from '../../helpers/google-token-issuer';
import { guardNetwork, type NetworkGuard } from '../../helpers/network-guard';

const API = 'https://flexiroaster-remediation-api-123.europe-west1.run.app';
const IAP_AUDIENCE = '/projects/123456/global/backendServices/987';

describe('GoogleIdentityVerifier (google-auth-library against keys served from 127.0.0.1)', () => {
  let issuer: GoogleTokenIssuer;
  let guard: NetworkGuard;
  beforeAll(async () => {
    guard = guardNetwork();
    issuer = await GoogleTokenIssuer.start();
  });
  afterAll(async () => {
    await issuer.close();
    guard.restore();
    expect(guard.blocked).toEqual([]);
  });

  const verifier = () => issuer.verifier({ iapAudience: IAP_AUDIENCE, idTokenAudiences: [API] });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    return error as AuthenticationError;
  };

  it('accepts a Google ID token for the configured audience and names its verified e-mail, fetching the PEM certificates', async () => {
    const token = issuer.idToken({ email: 'Tasks@Acme-Ops.iam.gserviceaccount.com', aud: API });
    await expect(verifier().verify({ authorization: `Bearer ${token}` })).resolves.toEqual({ email: 'tasks@acme-ops.iam.gserviceaccount.com', subject: 'sub-Tasks@Acme-Ops.iam.gserviceaccount.com', via: 'id_token' });
    expect(issuer.requests).toContain('GET /oauth2/v1/certs');
  });

  it('accepts an IAP assertion (ES256, issuer https://cloud.google.com/iap) for the IAP audience, with the hosted domain', async () => {
    const assertion = issuer.iapAssertion({ email: 'alice@acme.example', aud: IAP_AUDIENCE, hd: 'acme.example' });
    await expect(verifier().verify({ iapAssertion: assertion })).resolves.toMatchObject({ email: 'alice@acme.example', via: 'iap', hostedDomain: 'acme.example' });
    expect(issuer.requests).toContain('GET /iap/verify/public_key');
  });

  it.each([
    ['another audience', () => ({ authorization: `Bearer ${issuer.idToken({ email: 'a@acme.example', aud: 'https://elsewhere.run.app' })}` }), 'invalid_token'],
    ['an expired token', () => ({ authorization: `Bearer ${issuer.idToken({ email: 'a@acme.example', aud: API, expiresIn: -3600 })}` }), 'invalid_token'],
    ['a key Google never published', () => ({ authorization: `Bearer ${issuer.idToken({ email: 'a@acme.example', aud: API }, 'rogue')}` }), 'invalid_token'],
    ['an issuer other than Google', () => ({ authorization: `Bearer ${issuer.idToken({ email: 'a@acme.example', aud: API, iss: 'https://evil.example' })}` }), 'invalid_token'],
    ['an unverified e-mail', () => ({ authorization: `Bearer ${issuer.idToken({ email: 'a@acme.example', aud: API, email_verified: false })}` }), 'unverified_email'],
    ['an IAP assertion for another backend', () => ({ iapAssertion: issuer.iapAssertion({ email: 'a@acme.example', aud: '/projects/1/global/backendServices/2' }) }), 'invalid_token'],
    ['an ID token presented as the IAP header', () => ({ iapAssertion: issuer.idToken({ email: 'a@acme.example', aud: IAP_AUDIENCE }) }), 'invalid_token'],
    ['an unsigned token (alg none)', () => ({ authorization: `Bearer ${unsigned({ email: 'a@acme.example', aud: API })}` }), 'invalid_token'],
    ['no credentials at all', () => ({}), 'missing_credentials'],
    ['a Basic authorization header', () => ({ authorization: 'Basic YWxpY2U6cGFzcw==' }), 'missing_credentials'],
  ])('refuses %s', async (_label, headers, code) => {
    const error = await failure(verifier().verify(headers()));
    expect(error.code).toBe(code);
    // The library's own messages quote the token; ours never do.
    expect(error.message).not.toMatch(/eyJ/);
  });

  it('refuses IAP assertions when no IAP audience is configured', async () => {
    const assertion = issuer.iapAssertion({ email: 'alice@acme.example', aud: IAP_AUDIENCE });
    expect((await failure(issuer.verifier({ idTokenAudiences: [API] }).verify({ iapAssertion: assertion }))).code).toBe('invalid_token');
  });
});

function unsigned(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', kid: 'rsa-1' })}.${encode({ ...claims, iss: 'https://accounts.google.com', email_verified: true, iat: now, exp: now + 600 })}.AAAA`;
}
