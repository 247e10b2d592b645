import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const TERRAFORM = resolve(__dirname, '..', '..', 'terraform');
const MODULES = join(TERRAFORM, 'modules');
const MODULE_DIRS = [TERRAFORM, ...readdirSync(MODULES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(MODULES, d.name))];

interface Block {
  kind: string;
  labels: string[];
  body: string;
}

/** Top-level blocks of an HCL file; braces inside strings and comments do not count. */
function topLevelBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const header = /^([a-z_]+)((?:\s+"[^"]*")*)\s*\{/gm;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text)) !== null) {
    let depth = 1;
    let index = header.lastIndex;
    let inString = false;
    while (index < text.length && depth > 0) {
      const char = text[index] as string;
      if (inString) {
        if (char === '\\') index += 1;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '#') index = text.indexOf('\n', index) === -1 ? text.length : text.indexOf('\n', index);
      else if (char === '{') depth += 1;
      else if (char === '}') depth -= 1;
      index += 1;
    }
    blocks.push({ kind: match[1] as string, labels: [...(match[2] as string).matchAll(/"([^"]*)"/g)].map((m) => m[1] as string), body: text.slice(header.lastIndex, index - 1) });
    header.lastIndex = index;
  }
  return blocks;
}

function blocksIn(dir: string, file: string): Block[] {
  return topLevelBlocks(readFileSync(join(dir, file), 'utf8'));
}

describe('Terraform modules follow the terraform-google-modules layout', () => {
  it.each(MODULE_DIRS.map((dir) => [dir.slice(TERRAFORM.length) || '/']))('%s has main.tf, variables.tf, outputs.tf and versions.tf', (relative) => {
    const dir = join(TERRAFORM, relative);
    expect(['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'].filter((file) => !existsSync(join(dir, file)))).toEqual([]);
  });

  it('types and describes every variable and describes every output', () => {
    const problems: string[] = [];
    for (const dir of MODULE_DIRS) {
      for (const block of blocksIn(dir, 'variables.tf').filter((b) => b.kind === 'variable')) {
        if (!/^\s*description\s*=/m.test(block.body)) problems.push(`${dir}: variable ${block.labels[0]} has no description`);
        if (!/^\s*type\s*=/m.test(block.body)) problems.push(`${dir}: variable ${block.labels[0]} has no type`);
      }
      for (const block of blocksIn(dir, 'outputs.tf').filter((b) => b.kind === 'output')) {
        if (!/^\s*description\s*=/m.test(block.body)) problems.push(`${dir}: output ${block.labels[0]} has no description`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('validates every project_id, region and name-like input', () => {
    const unvalidated: string[] = [];
    for (const dir of MODULE_DIRS) {
      for (const block of blocksIn(dir, 'variables.tf').filter((b) => b.kind === 'variable')) {
        const name = block.labels[0] as string;
        if (/^(project_id|region|name|name_prefix|dataset_id|source_bucket|source_object|topic_id|trigger_topic_id)$/.test(name) && !block.body.includes('validation {')) {
          unvalidated.push(`${dir}: ${name}`);
        }
      }
    }
    expect(unvalidated).toEqual([]);
  });

  it('pins the google provider and the Terraform version in every versions.tf', () => {
    for (const dir of MODULE_DIRS) {
      const text = readFileSync(join(dir, 'versions.tf'), 'utf8');
      expect({ dir, required_version: /required_version\s*=\s*">=\s*1\.\d+/.test(text), google: /source\s*=\s*"hashicorp\/google"/.test(text) }).toEqual({
        dir,
        required_version: true,
        google: true,
      });
    }
  });
});

describe('Terraform wiring', () => {
  it('creates every table listed in tables.json from a schema file that exists', () => {
    const manifest = JSON.parse(readFileSync(join(MODULES, 'bigquery', 'tables.json'), 'utf8')) as Array<{ schema_file: string }>;
    expect(manifest.filter((table) => !existsSync(join(MODULES, 'bigquery', table.schema_file)))).toEqual([]);
    const main = readFileSync(join(MODULES, 'bigquery', 'main.tf'), 'utf8');
    expect(main).toContain('jsondecode(file("${path.module}/tables.json"))');
    expect(main).toContain('schema              = file("${path.module}/${each.value.schema_file}")');
  });

  it("grants the sink's writer identity publisher on its own topic only", () => {
    const grants = blocksIn(join(MODULES, 'logging_sink'), 'main.tf').filter((b) => b.kind === 'resource' && b.labels[0]?.endsWith('_iam_member'));
    expect(grants.map((b) => b.labels[0])).toEqual(['google_pubsub_topic_iam_member']);
    expect(grants[0]?.body).toMatch(/topic\s*=\s*var\.topic_id/);
    expect(grants[0]?.body).toMatch(/role\s*=\s*"roles\/pubsub\.publisher"/);
    expect(grants[0]?.body).toMatch(/member\s*=\s*google_logging_project_sink\.this\.writer_identity/);
  });

  it('triggers functions from Pub/Sub with RETRY_POLICY_RETRY and source from a GCS object', () => {
    const [fn] = blocksIn(join(MODULES, 'functions'), 'main.tf').filter((b) => b.labels[0] === 'google_cloudfunctions2_function');
    expect(fn?.body).toMatch(/event_type\s*=\s*"google\.cloud\.pubsub\.topic\.v1\.messagePublished"/);
    expect(fn?.body).toMatch(/retry_policy\s*=\s*"RETRY_POLICY_RETRY"/);
    expect(fn?.body).toMatch(/storage_source\s*\{[^}]*bucket\s*=\s*var\.source_bucket[^}]*object\s*=\s*var\.source_object/);
  });

  it('grants no project-wide BigQuery data or Pub/Sub role (those are resource-level)', () => {
    const projectGrants = MODULE_DIRS.flatMap((dir) => blocksIn(dir, 'main.tf'))
      .filter((b) => b.labels[0] === 'google_project_iam_member')
      .map((b) => b.body);
    expect(projectGrants.length).toBeGreaterThan(0);
    // Project roles are granted from the role maps in service_accounts; comments are not grants.
    const code = readFileSync(join(MODULES, 'service_accounts', 'main.tf'), 'utf8').replace(/#.*$/gm, '');
    const roles = [...code.matchAll(/"(roles\/[^"]+)"/g)].map((m) => m[1]);
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.filter((role) => /^roles\/(bigquery\.(dataEditor|dataOwner|admin)|pubsub\.|owner$|editor$|iam\.serviceAccountUser$)/.test(role as string))).toEqual([
      // actAs is bound on the Dataflow worker account alone (google_service_account_iam_member), not the project.
      'roles/iam.serviceAccountUser',
    ]);
  });

  // No terraform binary can be installed here, so the part of `terraform fmt` that review diffs trip on is checked directly.
  it('is formatted the way terraform fmt writes it: no tabs or trailing spaces, "=" of consecutive one-line arguments aligned', () => {
    const files = listTerraformFiles(TERRAFORM);
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((file) => fmtProblems(readFileSync(file, 'utf8')).map((problem) => `${relative(TERRAFORM, file)}:${problem}`))).toEqual([]);
    // The rule catches what fmt would rewrite.
    expect(fmtProblems('resource "x" "y" {\n  name = "a"\n  project_id = "b"\n}\n')).toEqual(['2: "=" not aligned with its neighbours']);
    expect(fmtProblems('a = 1 \n\tb = 2\n')).toEqual(['1: trailing whitespace', '2: tab']);
  });
});

function listTerraformFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : listTerraformFiles(path);
    return entry.name.endsWith('.tf') ? [path] : [];
  });
}

/**
 * terraform fmt's layout rules that matter in review: no tabs, no trailing whitespace, and the "=" of
 * consecutive single-line arguments at one indentation aligned one space after the longest name (an
 * argument whose value spans lines, a blank line, a comment or a block ends the group).
 */
function fmtProblems(text: string): string[] {
  const problems: string[] = [];
  let group: Array<{ line: number; indent: number; name: string; equals: number }> = [];
  const close = (): void => {
    if (group.length > 1) {
      const expected = (group[0]?.indent ?? 0) + Math.max(...group.map((entry) => entry.name.length)) + 1;
      const first = group.find((entry) => entry.equals !== expected);
      if (first !== undefined) problems.push(`${first.line}: "=" not aligned with its neighbours`);
    }
    group = [];
  };
  text.split('\n').forEach((line, index) => {
    if (line.includes('\t')) problems.push(`${index + 1}: tab`);
    if (line !== line.trimEnd()) problems.push(`${index + 1}: trailing whitespace`);
    const argument = /^(\s*)([A-Za-z0-9_"-]+)\s*=(?!=)/.exec(line);
    const opensValue = /[{[(]\s*$/.test(line.trimEnd());
    if (argument === null || opensValue) {
      close();
      return;
    }
    const indent = (argument[1] ?? '').length;
    if (group.length > 0 && group[0]?.indent !== indent) close();
    group.push({ line: index + 1, indent, name: argument[2] ?? '', equals: line.indexOf('=') });
  });
  close();
  return problems;
}
