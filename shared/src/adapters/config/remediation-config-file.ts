import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core/domain/errors';
import { parseRemediationConfig, type RemediationConfig } from '../../core/remediation/config/remediation-config';

/**
 * Reads the remediation policy once at start: a JSON file path, or the JSON itself (how a deployed
 * function gets it from its environment without packaging a file). Nothing means the safe defaults
 * of a new installation (dry run).
 */
export function readRemediationConfig(pathOrJson: string | undefined): RemediationConfig {
  if (pathOrJson === undefined) return parseRemediationConfig(undefined);
  const inline = pathOrJson.trimStart().startsWith('{');
  const path = inline ? 'inline JSON' : pathOrJson;
  let raw: unknown;
  try {
    raw = JSON.parse(inline ? pathOrJson : readFileSync(pathOrJson, 'utf8'));
  } catch (error) {
    throw new ConfigError('FLEXIROASTER_REMEDIATION_CONFIG', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseRemediationConfig(raw);
}
