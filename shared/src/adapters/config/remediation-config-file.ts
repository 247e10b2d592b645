import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core/domain/errors';
import { parseRemediationConfig, type RemediationConfig } from '../../core/remediation/config/remediation-config';

/** Reads the remediation policy JSON once at start; no file means the safe defaults of a new installation (dry run). */
export function readRemediationConfig(path: string | undefined): RemediationConfig {
  if (path === undefined) return parseRemediationConfig(undefined);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('FLEXIROASTER_REMEDIATION_CONFIG', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseRemediationConfig(raw);
}
