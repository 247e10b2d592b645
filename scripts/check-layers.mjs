#!/usr/bin/env node
// Enforces the layer rule from ARCHITECTURE.md: functions/cli -> adapters -> core, never upward,
// and the core stays pure (no GCP SDKs, DuckDB, env, wall clock or ambient randomness).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const CORE = join(root, 'shared/src/core');
const ADAPTERS = join(root, 'shared/src/adapters');

const forbiddenInCore = [
  { pattern: /from\s+['"]@google-cloud\//, why: 'imports a @google-cloud SDK' },
  { pattern: /require\(\s*['"]@google-cloud\//, why: 'requires a @google-cloud SDK' },
  { pattern: /from\s+['"]@duckdb\//, why: 'imports DuckDB' },
  { pattern: /from\s+['"]google-auth-library['"]/, why: 'imports google-auth-library' },
  { pattern: /from\s+['"](node:)?(fs|fs\/promises|http|https|net|child_process)['"]/, why: 'does I/O' },
  { pattern: /\bprocess\.env\b/, why: 'reads process.env' },
  { pattern: /\bDate\.now\(/, why: 'reads the wall clock (inject a Clock)' },
  { pattern: /\bnew Date\(\s*\)/, why: 'reads the wall clock (inject a Clock)' },
  { pattern: /\bMath\.random\(/, why: 'uses ambient randomness (inject a RandomSource)' },
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
