import { readRemediationConfig } from '../../shared/src/adapters/config/remediation-config-file';

describe('readRemediationConfig', () => {
  it('starts in dry run with no policy at all', () => {
    expect(readRemediationConfig(undefined).dryRun).toBe(true);
  });

  it('reads the policy from a file path or from inline JSON in the environment', () => {
    const fromFile = readRemediationConfig('data/corpus/remediation-config.json');
    expect(Object.keys(fromFile.pipelines)).toContain('partner-sync');
    expect(readRemediationConfig('{"dryRun": false, "budget": {"perHour": 1, "perDay": 2}}')).toMatchObject({ dryRun: false, budget: { perHour: 1, perDay: 2 } });
  });

  it('names the setting when the policy cannot be read', () => {
    expect(() => readRemediationConfig('/nonexistent/policy.json')).toThrow(/FLEXIROASTER_REMEDIATION_CONFIG: cannot read \/nonexistent\/policy.json/);
    expect(() => readRemediationConfig('{"dryRun": tru')).toThrow(/FLEXIROASTER_REMEDIATION_CONFIG: cannot read inline JSON/);
  });
});
