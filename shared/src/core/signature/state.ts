import type { MaskRule } from './masks';

/**
 * The persisted form of a miner: plain JSON, versioned, validated on the way in. Bump the version
 * whenever a field changes meaning; old files are then refused rather than misread, because a miner
 * restored from a misread state would hand out ids that silently differ from the ones already stored.
 */
export const SIGNATURE_STATE_SCHEMA_VERSION = 1;

export interface SignatureStateOptions {
  similarityThreshold: number;
  prefixDepth: number;
  maxChildren: number;
  familySize: number;
  nameKeys: string[];
  outcomeWords: string[];
  masks: MaskRule[];
  extraMasks: MaskRule[];
}

export interface SignatureStateCluster {
  id: string;
  template: string;
  count: number;
  /** One entry per positional template, with the tree path (after the token count) it is filed under. */
  variants: Array<{ tokens: string[]; path: string[] }>;
}

export interface SignatureStateFamily {
  length: number;
  path: string[];
  position: number;
  members: string[];
}

export interface SignatureState {
  schemaVersion: typeof SIGNATURE_STATE_SCHEMA_VERSION;
  options: SignatureStateOptions;
  /** In creation order, which restoring keeps so ties break the same way. */
  clusters: SignatureStateCluster[];
  families: SignatureStateFamily[];
  /** Old id -> the id it generalised into (possibly itself an alias). */
  aliases: Record<string, string>;
}

export class SignatureStateError extends Error {
  override readonly name: string = 'SignatureStateError';
}

export class UnsupportedStateVersionError extends SignatureStateError {
  override readonly name = 'UnsupportedStateVersionError';
  readonly expected = SIGNATURE_STATE_SCHEMA_VERSION;
  constructor(readonly found: unknown) {
    super(`signature state schemaVersion ${JSON.stringify(found) ?? 'undefined'} is not supported (expected ${SIGNATURE_STATE_SCHEMA_VERSION})`);
  }
}

export class InvalidStateError extends SignatureStateError {
  override readonly name = 'InvalidStateError';
  constructor(
    readonly at: string,
    reason: string,
  ) {
    super(`signature state ${at}: ${reason}`);
  }
}

/** Checks the shape of untrusted JSON (or its text) and returns it typed; throws a `SignatureStateError`. */
export function parseSignatureState(input: unknown): SignatureState {
  const value = typeof input === 'string' ? parseText(input) : input;
  const root = record(value, '$');
  if (root['schemaVersion'] !== SIGNATURE_STATE_SCHEMA_VERSION) throw new UnsupportedStateVersionError(root['schemaVersion']);
  const options = record(root['options'], '$.options');
  return {
    schemaVersion: SIGNATURE_STATE_SCHEMA_VERSION,
    options: {
      similarityThreshold: number(options['similarityThreshold'], '$.options.similarityThreshold'),
      prefixDepth: number(options['prefixDepth'], '$.options.prefixDepth'),
      maxChildren: number(options['maxChildren'], '$.options.maxChildren'),
      familySize: number(options['familySize'], '$.options.familySize'),
      nameKeys: strings(options['nameKeys'], '$.options.nameKeys'),
      outcomeWords: strings(options['outcomeWords'], '$.options.outcomeWords'),
      masks: array(options['masks'], '$.options.masks').map((rule, i) => maskRule(rule, `$.options.masks[${i}]`)),
      extraMasks: array(options['extraMasks'], '$.options.extraMasks').map((rule, i) => maskRule(rule, `$.options.extraMasks[${i}]`)),
    },
    clusters: array(root['clusters'], '$.clusters').map((item, i) => {
      const at = `$.clusters[${i}]`;
      const cluster = record(item, at);
      const variants = array(cluster['variants'], `${at}.variants`).map((v, j) => {
        const variant = record(v, `${at}.variants[${j}]`);
        return { tokens: strings(variant['tokens'], `${at}.variants[${j}].tokens`), path: strings(variant['path'], `${at}.variants[${j}].path`) };
      });
      if (variants.length === 0) throw new InvalidStateError(`${at}.variants`, 'is empty');
      return {
        id: string(cluster['id'], `${at}.id`),
        template: string(cluster['template'], `${at}.template`),
        count: number(cluster['count'], `${at}.count`),
        variants,
      };
    }),
    families: array(root['families'], '$.families').map((item, i) => {
      const at = `$.families[${i}]`;
      const family = record(item, at);
      return {
        length: number(family['length'], `${at}.length`),
        path: strings(family['path'], `${at}.path`),
        position: number(family['position'], `${at}.position`),
        members: strings(family['members'], `${at}.members`),
      };
    }),
    aliases: Object.fromEntries(
      Object.entries(record(root['aliases'], '$.aliases')).map(([from, to]) => [from, string(to, `$.aliases.${from}`)]),
    ),
  };
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidStateError('$', 'is not JSON');
  }
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidStateError(at, 'must be an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidStateError(at, 'must be an array');
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new InvalidStateError(at, 'must be a string');
  return value;
}

function strings(value: unknown, at: string): string[] {
  return array(value, at).map((item, i) => string(item, `${at}[${i}]`));
}

function number(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidStateError(at, 'must be a finite number');
  return value;
}

function maskRule(value: unknown, at: string): MaskRule {
  const rule = record(value, at);
  const flags = rule['flags'] === undefined ? undefined : string(rule['flags'], `${at}.flags`);
  const requires = rule['requires'] === undefined ? undefined : strings(rule['requires'], `${at}.requires`);
  return canonicalMaskRule({
    name: string(rule['name'], `${at}.name`),
    regex: string(rule['regex'], `${at}.regex`),
    replacement: string(rule['replacement'], `${at}.replacement`),
    ...(flags === undefined ? {} : { flags }),
    ...(requires === undefined ? {} : { requires }),
  });
}

/** One key order for mask rules, so saving a restored miner gives byte-identical JSON. */
export function canonicalMaskRule(rule: MaskRule): MaskRule {
  return {
    name: rule.name,
    regex: rule.regex,
    ...(rule.flags === undefined ? {} : { flags: rule.flags }),
    replacement: rule.replacement,
    ...(rule.requires === undefined ? {} : { requires: [...rule.requires] }),
  };
}
