import type { Request } from '@google-cloud/functions-framework';
import { AuthenticationError, type GroupMembership, type IdentityVerifier, type VerifiedIdentity } from '../../shared/src/core/access/identity';
import { needsGroups, roleOf, satisfies, type AccessPolicy, type Role } from '../../shared/src/core/access/roles';

/** Who may call a route: a role from the access policy, or exactly one service account (a Google job calling back). */
export type RouteRequirement = { role: Role } | { serviceAccount: string | undefined; caller: string };

export type AccessVerdict =
  | { allowed: true; identity: VerifiedIdentity; role: Role | null }
  | { allowed: false; status: 401 | 403 | 503; code: string; error: string };

export interface AccessControlDependencies {
  verifier: IdentityVerifier;
  policy: AccessPolicy;
  /** Resolves group: grants; required when the policy has any. */
  groups?: GroupMembership;
}

/**
 * The one gate of every HTTP function: identity only from a verified token (IAP assertion or Google ID
 * token), then the route's requirement. Headers such as x-goog-authenticated-user-email are never read:
 * anyone who reaches the service can set them.
 */
export class AccessControl {
  constructor(private readonly deps: AccessControlDependencies) {
    if (needsGroups(deps.policy) && deps.groups === undefined) {
      throw new AuthenticationError('missing_credentials', 'the access policy grants roles to groups but no group directory is configured');
    }
  }

  async check(request: Request, requirement: RouteRequirement): Promise<AccessVerdict> {
    let identity: VerifiedIdentity;
    try {
      identity = await this.deps.verifier.verify(credentialsOf(request));
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      return { allowed: false, status: error.code === 'keys_unavailable' ? 503 : 401, code: error.code, error: error.message };
    }
    if ('serviceAccount' in requirement) {
      const expected = requirement.serviceAccount?.toLowerCase();
      if (expected === undefined) return { allowed: false, status: 403, code: 'not_configured', error: `no service account is configured for ${requirement.caller}` };
      if (identity.email !== expected) return { allowed: false, status: 403, code: 'wrong_caller', error: `only ${requirement.caller} may call this route` };
      return { allowed: true, identity, role: null };
    }
    const groups = this.deps.groups === undefined || !needsGroups(this.deps.policy) ? [] : await this.deps.groups.groupsOf(identity.email);
    const role = roleOf(this.deps.policy, identity, groups);
    if (!satisfies(role, requirement.role)) {
      return { allowed: false, status: 403, code: 'forbidden', error: `${identity.email} needs the ${requirement.role} role${role === null ? '' : ` (holds ${role})`}` };
    }
    return { allowed: true, identity, role };
  }
}

function credentialsOf(request: Request): { iapAssertion?: string; authorization?: string } {
  const credentials: { iapAssertion?: string; authorization?: string } = {};
  const iap = request.header('x-goog-iap-jwt-assertion');
  const authorization = request.header('authorization');
  if (iap !== undefined) credentials.iapAssertion = iap;
  if (authorization !== undefined) credentials.authorization = authorization;
  return credentials;
}
