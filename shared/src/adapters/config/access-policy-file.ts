import { readFileSync } from 'node:fs';
import { parseAccessPolicy, type AccessPolicy } from '../../core/access/roles';
import { ConfigError } from '../../core/domain/errors';

/** Reads the role grants once at start: a JSON file path or the JSON itself. Nothing means nobody holds a role. */
export function readAccessPolicy(pathOrJson: string | undefined): AccessPolicy {
  if (pathOrJson === undefined) return parseAccessPolicy(undefined);
  const inline = pathOrJson.trimStart().startsWith('{');
  let raw: unknown;
  try {
    raw = JSON.parse(inline ? pathOrJson : readFileSync(pathOrJson, 'utf8'));
  } catch (error) {
    throw new ConfigError('FLEXIROASTER_ACCESS_POLICY', `cannot read ${inline ? 'inline JSON' : pathOrJson}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseAccessPolicy(raw, 'FLEXIROASTER_ACCESS_POLICY');
}
