import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution, injectable so tests can make any name resolve anywhere without a DNS server. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * Where a URL taken from data may lead. Production refuses every non-public address and plain http;
 * a test names the loopback addresses of its local server here, and only those are let through.
 */
export interface OutboundPolicy {
  resolver?: Resolver;
  /** Exact addresses allowed although not public, with http as well as https. Tests only. */
  allowedLocalAddresses?: readonly string[];
}

/** Names that reach the metadata server whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'metadata.google.internal.']);

const BLOCKED = new BlockList();
const RANGES: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'unique local (includes the AWS metadata fd00:ec2::254)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const RANGE_CHECKS = RANGES.map(([network, prefix, type, kind]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  BLOCKED.addSubnet(network, prefix, type);
  return { list, kind };
});

/** Why an address is not public, or null when it is. IPv4 embedded in IPv6 (mapped, NAT64, 6to4) is judged as IPv4. */
export function nonPublicKind(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const embedded = family === 6 ? embeddedIpv4(address) : null;
  if (embedded !== null) return nonPublicKind(embedded);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (!BLOCKED.check(address, type)) return null;
  return RANGE_CHECKS.find((range) => range.list.check(address, type))?.kind ?? 'not public';
}

function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted !== null) return dotted[1] as string;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex !== null) {
    const high = parseInt(hex[1] as string, 16);
    const low = parseInt(hex[2] as string, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour !== null) {
    const high = parseInt(sixToFour[1] as string, 16);
    const low = parseInt(sixToFour[2] as string, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

export type OutboundVerdict = { allowed: true; address: ResolvedAddress } | { allowed: false; why: string };

/**
 * Resolves the URL's host and decides whether a request may go there. Every address the name
 * resolves to must be public (a name with one private answer could be made to use it), and the
 * caller must connect to the returned address, so a second, different DNS answer cannot slip in.
 */
export async function checkOutboundTarget(url: URL, policy: OutboundPolicy = {}): Promise<OutboundVerdict> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (url.username !== '' || url.password !== '') return { allowed: false, why: 'the URL carries credentials' };
  if (METADATA_NAMES.has(host) || host.endsWith('.internal')) return { allowed: false, why: `${host} is an internal name (the metadata server)` };
  const allowedLocal = new Set(policy.allowedLocalAddresses ?? []);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowedLocal.size > 0)) return { allowed: false, why: 'only https URLs are allowed' };
  let addresses: ResolvedAddress[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolver ?? systemResolver)(host);
    } catch {
      return { allowed: false, why: `${host} does not resolve` };
    }
  }
  if (addresses.length === 0) return { allowed: false, why: `${host} does not resolve` };
  for (const { address } of addresses) {
    if (allowedLocal.has(address)) continue;
    const kind = nonPublicKind(address);
    if (kind !== null) return { allowed: false, why: `${host} resolves to ${address}, a ${kind} address` };
  }
  const chosen = addresses[0] as ResolvedAddress;
  if (url.protocol === 'https:') return { allowed: true, address: chosen };
  if (url.protocol === 'http:' && addresses.every((a) => allowedLocal.has(a.address))) return { allowed: true, address: chosen };
  return { allowed: false, why: 'only https URLs are allowed' };
}
