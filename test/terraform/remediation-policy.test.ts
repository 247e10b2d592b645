import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRemediationConfig } from '../../shared/src/adapters/config/remediation-config-file';

const TERRAFORM = resolve(__dirname, '..', '..', 'terraform');

describe('the deployed remediation policy', () => {
  it('is the file the root module reads by default', () => {
    expect(readFileSync(join(TERRAFORM, 'variables.tf'), 'utf8')).toMatch(/variable "remediation_policy_file" \{[^}]*default\s*=\s*"policies\/remediation\.json"/);
  });

  it('parses with the functions own parser, as inline JSON the way the secret delivers it', () => {
    const text = readFileSync(join(TERRAFORM, 'policies', 'remediation.json'), 'utf8');
    const config = readRemediationConfig(text);
    expect(config).toEqual(readRemediationConfig(join(TERRAFORM, 'policies', 'remediation.json')));
  });

  it('keeps the smoke test out of remediation: its pipeline is denied by scope', () => {
    expect(readRemediationConfig(join(TERRAFORM, 'policies', 'remediation.json')).scopes.denyPipelines).toContain('flexiroaster-smoke-*');
  });

  it('ships as a dry run, so a new installation acts only after the team turns it off', () => {
    expect(readRemediationConfig(join(TERRAFORM, 'policies', 'remediation.json')).dryRun).toBe(true);
  });
});
