// Terraform version constraints (https://developer.hashicorp.com/terraform/language/expressions/version-constraints):
// comma-separated clauses, each `=`, `!=`, `>`, `>=`, `<`, `<=` or `~>` followed by a version; no operator means `=`.

type Version = readonly [number, number, number];

interface Clause {
  readonly operator: string;
  readonly version: Version;
  /** Number of components written (for `~>`, which bumps the last-but-one). */
  readonly precision: number;
}

export class VersionConstraintError extends Error {
  constructor(readonly constraint: string, reason: string) {
    super(`version constraint "${constraint}": ${reason}`);
    this.name = 'VersionConstraintError';
  }
}

function parseVersion(text: string, constraint: string): { version: Version; precision: number } {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text);
  if (match === null) throw new VersionConstraintError(constraint, `"${text}" is not a version`);
  const parts = [match[1], match[2], match[3]].filter((p): p is string => p !== undefined).map(Number);
  return { version: [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0], precision: parts.length };
}

function parseConstraint(constraint: string): Clause[] {
  const clauses = constraint.split(',').map((c) => c.trim());
  if (clauses.some((c) => c === '')) throw new VersionConstraintError(constraint, 'empty clause');
  return clauses.map((clause) => {
    const match = /^(~>|>=|<=|!=|=|>|<)?\s*(\S+)$/.exec(clause);
    if (match === null) throw new VersionConstraintError(constraint, `cannot read "${clause}"`);
    return { operator: match[1] ?? '=', ...parseVersion(match[2] as string, constraint) };
  });
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i += 1) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

function satisfiesClause(version: Version, clause: Clause): boolean {
  const order = compare(version, clause.version);
  switch (clause.operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    default: {
      // ~> 6.50.0 allows 6.50.x; ~> 6.0 allows 6.x; ~> 6 allows any 6.x.y and above (Terraform treats it as >= 6).
      if (order < 0) return false;
      if (clause.precision <= 1) return true;
      const fixed = clause.precision - 1;
      for (let i = 0; i < fixed; i += 1) if (version[i] !== clause.version[i]) return false;
      return true;
    }
  }
}

export function parseVersionText(text: string): Version {
  return parseVersion(text, text).version;
}

/** True when `version` (e.g. "6.50.0") meets every clause of `constraint`. */
export function constraintAllows(constraint: string, version: string): boolean {
  const parsed = parseVersionText(version);
  return parseConstraint(constraint).every((clause) => satisfiesClause(parsed, clause));
}

/** True when the constraint admits exactly one version: an `=` (or bare) clause. */
export function isExactPin(constraint: string, version: string): boolean {
  const clauses = parseConstraint(constraint);
  return clauses.length === 1 && clauses[0]?.operator === '=' && clauses[0].precision === 3 && constraintAllows(constraint, version);
}
