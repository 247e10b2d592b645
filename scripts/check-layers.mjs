#!/usr/bin/env node
// Enforces the layer rule from ARCHITECTURE.md: functions/cli -> adapters -> core, never upward,
// and the core stays pure (no GCP SDKs, DuckDB, env, wall clock or ambient randomness).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

// The tree to check: this repository, or the folder given as the first argument (the script's own test).
const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));
const CORE = join(root, 'shared/src/core');
const ADAPTERS = join(root, 'shared/src/adapters');

const forbiddenInCore = [
  { pattern: /from\s+['"]@google-cloud\//, why: 'imports a @google-cloud SDK' },
  { pattern: /require\(\s*['"]@google-cloud\//, why: 'requires a @google-cloud SDK' },
  { pattern: /from\s+['"]@duckdb\//, why: 'imports DuckDB' },
  { pattern: /from\s+['"]google-auth-library['"]/, why: 'imports google-auth-library' },
  { pattern: /from\s+['"](node:)?(fs|fs\/promises|http|https|net|child_process)['"]/, why: 'does I/O' },
  { pattern: /\bprocess\.env\b/, why: 'reads process.env' },
  { pattern: /\bprocess\.(?!env\b)\w+/, why: 'reads the process (argv, cwd, hrtime, ...): pass what it needs in' },
  { pattern: /\bDate\.now\b/, why: 'reads the wall clock (inject a Clock)' },
  // new Date() and new Date with no argument list; new Date(value) converts a value and is fine.
  { pattern: /\bnew\s+Date\b(?!\s*\(\s*[^)\s])/, why: 'reads the wall clock (inject a Clock)' },
  // Aliases that would read the clock or randomness under another name: Date['now'], { now } = Date, x = Date, f(Date).
  { pattern: /\b(Date|Math)\s*\[/, why: 'reaches Date/Math members by computed name (inject a Clock or RandomSource)' },
  { pattern: /\{[^}]*\b(now|random)\b[^}]*\}\s*=\s*(Date|Math)\b/, why: 'destructures the clock or randomness (inject a Clock or RandomSource)' },
  { pattern: /(?:^|[=(,]|\breturn)\s*(Date|Math)\s*(?:[;,)]|$)/, why: 'passes Date/Math around as a value (inject a Clock or RandomSource)' },
  { pattern: /\bMath\.random\b/, why: 'uses ambient randomness (inject a RandomSource)' },
  { pattern: /\b(randomBytes|randomUUID|randomFill(?:Sync)?|getRandomValues)\b/, why: 'uses ambient randomness (inject a RandomSource)' },
  { pattern: /\bcrypto\.randomInt\b|\{[^}]*\brandomInt\b[^}]*\}\s*from\s+['"](node:)?crypto['"]/, why: 'uses ambient randomness (inject a RandomSource)' },
  { pattern: /\bperformance\.now\b|\bhrtime\b/, why: 'reads a clock (inject a Clock)' },
  { pattern: /\bglobal(This)?\s*[.[]/, why: 'reaches ambient globals' },
  { pattern: /\b(setTimeout|setInterval|setImmediate)\s*\(/, why: 'schedules on the real clock (inject a scheduler)' },
  { pattern: /from\s+['"](node:)?(os|process|perf_hooks|timers|timers\/promises|worker_threads|dns|dgram|tls)['"]/, why: 'reads the machine or does I/O' },
  { pattern: /from\s+['"][./]*(\.\.\/)+adapters\//, why: 'imports an adapter (core must not depend upward)' },
];
const forbiddenInAdapters = [
  { pattern: /from\s+['"](\.\.\/)+(\.\.\/)*(functions|cli)\//, why: 'imports an entry point' },
];

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const violations = [];
function check(dir, rules) {
  for (const file of walk(dir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      for (const rule of rules) {
        if (rule.pattern.test(line)) violations.push(`${relative(root, file)}:${index + 1} ${rule.why}: ${line.trim()}`);
      }
    });
  }
}
check(CORE, forbiddenInCore);
check(ADAPTERS, forbiddenInAdapters);

if (violations.length > 0) {
  console.error(`Layer rule violated (${violations.length}):\n${violations.join('\n')}`);
  process.exit(1);
}
console.log('layers ok: core is pure, imports point down');
