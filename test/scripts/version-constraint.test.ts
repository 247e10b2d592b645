import { constraintAllows, isExactPin, VersionConstraintError } from '../../scripts/terraform-check/version-constraint';

describe('Terraform version constraints', () => {
  it.each([
    ['>= 6.0, < 8.0', '6.50.0', true],
    ['>= 6.0, < 6.50', '6.50.0', false],
    ['~> 6.0', '6.50.0', true],
    ['~> 6.0', '7.0.0', false],
    ['~> 6.50.0', '6.50.3', true],
    ['~> 6.50.0', '6.51.0', false],
    ['~> 5.40', '6.50.0', false],
    ['6.50.0', '6.50.0', true],
    ['= 6.50.0', '6.49.0', false],
    ['!= 6.50.0', '6.50.0', false],
    ['> 6.50.0', '6.50.0', false],
    ['<= 6.50', '6.50.0', true],
  ])('"%s" allows %s: %s', (constraint, version, allowed) => {
    expect(constraintAllows(constraint, version)).toBe(allowed);
  });

  it('treats only a single full = clause as an exact pin', () => {
    expect(isExactPin('6.50.0', '6.50.0')).toBe(true);
    expect(isExactPin('= 6.50.0', '6.50.0')).toBe(true);
    expect(isExactPin('~> 6.50.0', '6.50.0')).toBe(false);
    expect(isExactPin('6.50', '6.50.0')).toBe(false);
  });

  it('rejects a constraint it cannot read, naming it', () => {
    expect(() => constraintAllows('>= six', '6.50.0')).toThrow(VersionConstraintError);
    expect(() => constraintAllows('>= 6.0,', '6.50.0')).toThrow('version constraint ">= 6.0,": empty clause');
  });
});
