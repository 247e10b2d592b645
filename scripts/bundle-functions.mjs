#!/usr/bin/env node
// Bundles each deployed function with esbuild into dist/bundles/<function>/: one tree-shaken index.js
// holding the function's code and the client libraries it reaches, the classifier artifact it loads,
// and a package.json whose dependencies are only what cannot be bundled (the Functions Framework,
// whose function registry must be the one that serves the request).
// Usage: node scripts/bundle-functions.mjs [--out DIR] [FUNCTION...]
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry point name → source that registers it. remediate and remediationApi share one module. */
export const FUNCTIONS = {
  ingest: 'functions/ingest/index.ts',
  remediate: 'functions/remediate/index.ts',
  remediationApi: 'functions/remediate/index.ts',
  api: 'functions/api/index.ts',
};

// The framework must be the serving copy; DuckDB is a native binding only the local store loads
// (a deployed function runs FLEXIROASTER_STORE=bigquery and never reaches its dynamic import).
const EXTERNAL = ['@google-cloud/functions-framework', '@duckdb/node-api'];
const RUNTIME_DEPENDENCIES = ['@google-cloud/functions-framework'];

export async function bundleFunction(name, outRoot) {
  const entry = FUNCTIONS[name];
  if (entry === undefined) throw new Error(`unknown function "${name}" (known: ${Object.keys(FUNCTIONS).join(', ')})`);
  const out = join(outRoot, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: { index: join(ROOT, entry) },
    outdir: out,
    // ESM with code splitting: every `await import()` the functions make (the store chosen at start,
    // the GCP clients loaded on first use) stays a separate chunk, loaded only when reached, so the
    // bundle keeps the unbundled code's lazy loading instead of parsing every client at start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Bundled CommonJS libraries call require() for Node built-ins and read __dirname/__filename.
    banner: {
      js: "import { createRequire as __frCreateRequire } from 'node:module'; import { fileURLToPath as __frFileUrlToPath } from 'node:url'; import { dirname as __frDirname } from 'node:path'; const require = __frCreateRequire(import.meta.url); const __filename = __frFileUrlToPath(import.meta.url); const __dirname = __frDirname(__filename);",
    },
    minify: true,
    treeShaking: true,
    sourcemap: false,
    legalComments: 'none',
    external: EXTERNAL,
    metafile: true,
    logLevel: 'error',
  });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const dependencies = Object.fromEntries(RUNTIME_DEPENDENCIES.map((dep) => [dep, manifest.dependencies[dep]]));
  // name stays "flexiroaster": projectRoot() finds the models/ folder next to this package.json.
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: 'flexiroaster', version: manifest.version, private: true, main: 'index.mjs', engines: manifest.engines, dependencies }, null, 2)}\n`);
  mkdirSync(join(out, 'models'), { recursive: true });
  cpSync(join(ROOT, 'models', 'classifier.json'), join(out, 'models', 'classifier.json'));
  const inputs = Object.keys(result.metafile.inputs).length;
  const outputs = Object.entries(result.metafile.outputs);
  const entryBytes = outputs.find(([path]) => path.endsWith('index.mjs'))?.[1].bytes ?? 0;
  return { name, dir: out, inputs, bytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0), entryBytes, chunks: outputs.length - 1 };
}

async function main() {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outRoot = outAt >= 0 ? resolve(args[outAt + 1]) : join(ROOT, 'dist', 'bundles');
  const names = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--out');
  for (const name of names.length > 0 ? names : Object.keys(FUNCTIONS)) {
    const bundle = await bundleFunction(name, outRoot);
    console.log(`${bundle.name}: ${(bundle.bytes / 1024).toFixed(0)} KiB from ${bundle.inputs} modules (entry ${(bundle.entryBytes / 1024).toFixed(0)} KiB + ${bundle.chunks} lazy chunks) -> ${bundle.dir}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
