import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '..', '..', 'scripts', 'check-layers.mjs');

function check(root?: string) {
  const result = spawnSync(process.execPath, root === undefined ? [SCRIPT] : [SCRIPT, root], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A throwaway tree with one core file and one adapter file. */
function tree(core: string, adapter = 'export const ok = 1;\n'): string {
  const root = mkdtempSync(join(tmpdir(), 'check-layers-'));
  mkdirSync(join(root, 'shared', 'src', 'core'), { recursive: true });
  mkdirSync(join(root, 'shared', 'src', 'adapters'), { recursive: true });
  writeFileSync(join(root, 'shared', 'src', 'core', 'module.ts'), core);
  writeFileSync(join(root, 'shared', 'src', 'adapters', 'adapter.ts'), adapter);
  return root;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('scripts/check-layers.mjs', () => {
  it('passes this repository', () => {
    expect(check()).toEqual({ status: 0, output: 'layers ok: core is pure, imports point down\n' });
  });

  const IMPURE: Array<[string, string]> = [
    ['the wall clock', 'const a = Date.now();'],
    ['the clock by reference', 'const clockFn = Date.now;'],
    ['new Date()', 'const b = new Date();'],
    ['new Date without parentheses', 'const c = new Date;'],
    ['a computed Date member', "const d = Date['now']();"],
    ['a destructured clock', 'const { now } = Date;'],
    ['Date as a value', 'const Clock = Date;'],
    ['Math.random', 'const e = Math.random();'],
    ['an aliased Math', 'const m = Math;'],
    ['randomness from node:crypto', "import { randomUUID } from 'node:crypto';"],
    ['crypto.randomBytes', 'const f = crypto.randomBytes(8);'],
    ['performance.now', 'const g = performance.now();'],
    ['process.env', 'const h = process.env.HOME;'],
    ['other process state', 'const i = process.cwd();'],
    ['globalThis', 'const j = globalThis.Date;'],
    ['a real timer', 'setTimeout(() => undefined, 10);'],
    ['node:os', "import { hostname } from 'node:os';"],
    ['a GCP SDK', "import { BigQuery } from '@google-cloud/bigquery';"],
    ['an adapter', "import { x } from '../adapters/adapter';"],
  ];

  it.each(IMPURE)('fails a core file that reaches %s, naming the line', (_label, line) => {
    const root = tree(`export const before = 1;\n${line}\n`);
    roots.push(root);
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.output).toContain(`shared/src/core/module.ts:2 `);
  });

  it('lets the core convert values, take injected clocks and randomness, and mention words in comments', () => {
    const root = tree(
      [
        "import { createHash } from 'node:crypto';",
        "import type { Clock } from './ports/clock';",
        'export function at(clock: Clock, iso: string, random: () => number): [Date, number, string] {',
        '  // Date.now() and Math.random() are for adapters; new Date() too.',
        '  const parsed = new Date(iso);',
        '  const later = new Date(clock.now().getTime() + Date.parse(iso) - Date.UTC(2024, 0, 1));',
        '  const pick = Math.floor(random() * 10);',
        "  const description = 'Exit code of the Airflow task process.';",
        "  return [later < parsed ? parsed : later, pick, createHash('sha256').update(description).digest('hex')];",
        '}',
        '',
      ].join('\n'),
    );
    roots.push(root);
    expect(check(root)).toEqual({ status: 0, output: 'layers ok: core is pure, imports point down\n' });
  });

  it('fails an adapter that imports an entry point', () => {
    const root = tree('export const ok = 1;\n', "import { handler } from '../../../functions/ingest/handler';\n");
    roots.push(root);
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.output).toContain('shared/src/adapters/adapter.ts:1 imports an entry point');
  });
});
