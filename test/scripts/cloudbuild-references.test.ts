import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const BUILD = readFileSync(join(ROOT, 'cloudbuild.yaml'), 'utf8');

describe('cloudbuild.yaml', () => {
  it('names only scripts and data files that exist', () => {
    const paths = [...new Set([...BUILD.matchAll(/\b((?:scripts|data)\/[\w./-]+\.(?:ts|mjs|sh|csv|json))\b/g)].map((m) => m[1] as string))];
    expect(paths).toEqual(expect.arrayContaining(['scripts/deploy/attach-dead-letter.sh', 'scripts/smoke-test.ts', 'data/knowledge-base/seed.csv']));
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('waits only for steps it defines, each defined before it is waited for', () => {
    const ids: string[] = [];
    const problems: string[] = [];
    for (const match of BUILD.matchAll(/^ {2}- id: ([\w-]+)$|^ {4}waitFor: \[([^\]]*)\]$/gm)) {
      if (match[1] !== undefined) ids.push(match[1]);
      else for (const id of (match[2] as string).split(',').map((s) => s.trim())) if (!ids.includes(id)) problems.push(`${ids.at(-1) ?? '?'} waits for unknown ${id}`);
    }
    expect(problems).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['terraform-schema-check', 'attach-dead-letter', 'seed-knowledge-base', 'smoke-test']));
  });

  it('runs the Terraform schema check before the tests and the knowledge-base seed on BigQuery', () => {
    expect(BUILD).toMatch(/- id: terraform-schema-check\n(?:.*\n){2}\s+args: \[run, check:terraform\]/);
    expect(BUILD).toMatch(/FLEXIROASTER_STORE=bigquery[\s\S]*node dist\/cli\/main\.js kb upload data\/knowledge-base\/seed\.csv/);
  });
});
