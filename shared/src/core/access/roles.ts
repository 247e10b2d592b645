import { ConfigError } from '../domain/errors';
import type { VerifiedIdentity } from './identity';

/**
 * Each role includes the ones before it: a viewer reads, an operator also pauses and resumes single
 * pipelines, an approver also approves or rejects actions, an admin also pauses or resumes everything.
 */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** IAM-style member strings: user:, serviceAccount:, group: or domain: followed by an e-mail or a domain. */
export interface RoleGrant {
  member: string;
  role: Role;
}

export interface AccessPolicy {
  grants: readonly RoleGrant[];
}

export const NO_ACCESS: AccessPolicy = { grants: [] };

const MEMBER = /^(user|serviceAccount|group):([^\s@]+@[^\s@]+\.[^\s@]+)$|^domain:([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

/**
 * Parses {"grants": [{"member": "group:sre@acme.example", "role": "operator"}, ...]}. Nothing is granted
 * by default: a request whose identity matches no grant gets 403 on every route.
 */
export function parseAccessPolicy(input: unknown, key = 'access'): AccessPolicy {
  if (input === undefined || input === null) return NO_ACCESS;
  if (typeof input !== 'object' || Array.isArray(input)) throw new ConfigError(key, 'must be an object with a "grants" list');
  const raw = input as Record<string, unknown>;
  for (const name of Object.keys(raw)) if (name !== 'grants') throw new ConfigError(`${key}.${name}`, 'is not a known setting (only "grants")');
  if (raw.grants === undefined) return NO_ACCESS;
  if (!Array.isArray(raw.grants)) throw new ConfigError(`${key}.grants`, 'must be a list');
  const grants = raw.grants.map((item: unknown, index: number): RoleGrant => {
    const at = `${key}.grants[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ConfigError(at, 'must be {"member", "role"}');
    const { member, role, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw new ConfigError(at, `unknown field ${Object.keys(rest)[0]}`);
    if (typeof member !== 'string' || !MEMBER.test(member)) {
      throw new ConfigError(`${at}.member`, 'must be user:EMAIL, serviceAccount:EMAIL, group:EMAIL or domain:DOMAIN');
    }
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new ConfigError(`${at}.role`, `must be one of ${ROLES.join(', ')}`);
    return { member: normalizeMember(member), role: role as Role };
  });
  return { grants };
}

function normalizeMember(member: string): string {
  const colon = member.indexOf(':');
  return `${member.slice(0, colon)}:${member.slice(colon + 1).toLowerCase()}`;
}

/** Whether any grant needs group membership to be resolved (so a directory must be wired). */
export function needsGroups(policy: AccessPolicy): boolean {
  return policy.grants.some((grant) => grant.member.startsWith('group:'));
}

/**
 * The highest role the identity holds, or null. A domain grant matches the token's hosted domain
 * (hd), never the e-mail's suffix alone: a consumer account can carry any address.
 */
export function roleOf(policy: AccessPolicy, identity: VerifiedIdentity, groups: readonly string[] = []): Role | null {
  const email = identity.email.toLowerCase();
  const members = new Set<string>([`user:${email}`, `serviceAccount:${email}`, ...groups.map((group) => `group:${group.toLowerCase()}`)]);
  if (identity.hostedDomain !== undefined) members.add(`domain:${identity.hostedDomain.toLowerCase()}`);
  let best: Role | null = null;
  for (const grant of policy.grants) {
    if (members.has(grant.member) && (best === null || rank(grant.role) > rank(best))) best = grant.role;
  }
  return best;
}

export function satisfies(held: Role | null, required: Role): boolean {
  return held !== null && rank(held) >= rank(required);
}

function rank(role: Role): number {
  return ROLES.indexOf(role);
}
