#!/usr/bin/env node
// Runs a TypeScript script without a build step, transpiled by the @swc/core that jest already uses.
// Usage: node scripts/run-ts.mjs <script.ts> [args...]
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { transformSync } = require('@swc/core');

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run-ts.mjs <script.ts> [args...]');
  process.exit(2);
}

// require.extensions is deprecated but is still the one synchronous hook CommonJS offers for a new extension.
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};

// Loaded as the main module so the script's `require.main === module` guard holds.
process.argv = [process.argv[0], resolve(script), ...args];
Module.runMain();
