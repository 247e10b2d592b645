import { createHash } from 'node:crypto';

/**
 * The id is a hash of the template text, not an insertion counter: the same template gets the same id
 * in every process, after every restart and in every environment, so ids can key incidents, runbooks
 * and remediation idempotency across deployments.
 */
export function signatureIdOf(template: string): string {
  return `sig_${createHash('sha256').update(template, 'utf8').digest('hex').slice(0, 16)}`;
}
