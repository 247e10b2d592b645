import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { terraformDirectories } from '../../scripts/check-terraform';
import { loadProviderSchema } from '../../scripts/terraform-check/provider-schema';

const PROJECT = resolve(__dirname, '..', '..');
const FIXTURES = join(PROJECT, 'test', 'fixtures', 'terraform');
const schema = loadProviderSchema();

/**
 * `npm run check:terraform` as CI runs it, in a child process: the HCL parser is Go compiled to
 * WebAssembly, kept out of the Jest process. Returns the problem lines it printed and its exit code.
 */
function runCheck(dirs: string[]): { status: number | null; problems: string[]; summary: string } {
  const result = spawnSync(process.execPath, [join(PROJECT, 'scripts', 'run-ts.mjs'), join(PROJECT, 'scripts', 'check-terraform.ts'), ...dirs], { cwd: PROJECT, encoding: 'utf8' });
  const lines = `${result.stderr}${result.stdout}`.split('\n').filter((line) => line !== '');
  return { status: result.status, problems: lines.filter((line) => !/Terraform directories checked against/.test(line)), summary: lines.find((line) => /Terraform directories checked against/.test(line)) ?? '' };
}

let fixtureProblems: string[] = [];
beforeAll(() => {
  fixtureProblems = runCheck(readdirSync(FIXTURES).map((name) => join(FIXTURES, name))).problems;
}, 120_000);

async function problemsOf(fixture: string): Promise<string[]> {
  return fixtureProblems.filter((line) => line.startsWith(`test/fixtures/terraform/${fixture}/`)).sort();
}

describe('npm run check:terraform', () => {
  it('finds no problem in the repository: root, bootstrap, every module and every example, READMEs current', () => {
    const directories = terraformDirectories(join(PROJECT, 'terraform'));
    expect(directories.map((d) => d.slice(PROJECT.length + 1))).toEqual(expect.arrayContaining(['terraform', 'terraform/bootstrap', 'terraform/modules/functions', 'terraform/examples/functions']));
    const result = runCheck([]);
    expect(result).toEqual({ status: 0, problems: [], summary: `${directories.length} Terraform directories checked against hashicorp/google ${schema.version} (@cdktf/provider-google ${schema.packageVersion}): no problems` });
  }, 120_000);

  it('exits non-zero when it finds problems', () => {
    expect(runCheck([join(FIXTURES, 'bad-version-constraint')]).status).toBe(1);
  }, 120_000);

  it('checks against the provider version the deployed root pins', () => {
    expect(readFileSync(join(PROJECT, 'terraform', 'versions.tf'), 'utf8')).toContain(`version = "${schema.version}"`);
    expect(schema.source).toBe('hashicorp/google');
  });

  it('names a misspelt argument with the closest valid one and an argument nested one block too high', async () => {
    expect(await problemsOf('wrong-attribute')).toEqual([
      'test/fixtures/terraform/wrong-attribute/main.tf:2: google_pubsub_topic.logs message_retention_duraton: unknown argument or block "message_retention_duraton" (did you mean "message_retention_duration"?)',
      'test/fixtures/terraform/wrong-attribute/main.tf:7: google_cloud_scheduler_job.expire oidc_token: unknown argument or block "oidc_token" (it belongs inside "http_target")',
    ]);
  });

  it('fails on a missing required block and a missing required argument', async () => {
    expect(await problemsOf('missing-required-block')).toEqual([
      'test/fixtures/terraform/missing-required-block/main.tf:2: google_secret_manager_secret.approval_key: missing required block "replication"',
      'test/fixtures/terraform/missing-required-block/main.tf:6: google_pubsub_subscription.inspect: missing required argument "topic"',
    ]);
  });

  it('fails on references to an undeclared variable, local and resource', async () => {
    const problems = await problemsOf('undeclared-variable');
    expect(problems).toHaveLength(4);
    // Inside a template whose literal part has escaped quotes, as log filters do.
    expect(problems.join('\n')).toMatch(/main\.tf:19: .*reference var\.service_name: no variable "service_name" is declared/);
    expect(problems.join('\n')).toMatch(/main\.tf:13: .*reference var\.environment: no variable "environment" is declared/);
    expect(problems.join('\n')).toMatch(/main\.tf:14: .*reference local\.team: no local "team" is declared/);
    expect(problems.join('\n')).toMatch(/main\.tf:24: .*reference google_pubsub_subscription\.missing\.id: no resource "google_pubsub_subscription" "missing" is declared/);
  });

  it('fails on a module call with an unknown input, a missing required input and an unknown output', async () => {
    expect(await problemsOf('module-input-mismatch')).toEqual([
      'test/fixtures/terraform/module-input-mismatch/main.tf:11: output.topic[0].value: reference module.topic.topic_ids: module "topic" has no output "topic_ids"',
      'test/fixtures/terraform/module-input-mismatch/main.tf:2: module "topic": missing required input "project_id" (declared without a default in test/fixtures/terraform/module-input-mismatch/child/main.tf)',
      'test/fixtures/terraform/module-input-mismatch/main.tf:2: module "topic": unknown input "project" (test/fixtures/terraform/module-input-mismatch/child declares no variable "project")',
    ]);
  });

  it('fails on a provider version constraint that excludes the checked schema version', async () => {
    expect(await problemsOf('bad-version-constraint')).toEqual([
      `test/fixtures/terraform/bad-version-constraint/versions.tf:3: provider "google" version constraint "~> 5.40" does not allow ${schema.version}, the version whose schema is checked (@cdktf/provider-google ${schema.packageVersion})`,
    ]);
  });

  it('fails on resource and data source types the provider does not have', async () => {
    expect(await problemsOf('unknown-resource-type')).toEqual([
      `test/fixtures/terraform/unknown-resource-type/main.tf:2: resource "google_pubsub_topix" "logs": hashicorp/google ${schema.version} has no resource type "google_pubsub_topix"`,
      `test/fixtures/terraform/unknown-resource-type/main.tf:6: data "google_projects_everywhere" "all": hashicorp/google ${schema.version} has no data source type "google_projects_everywhere"`,
    ]);
  });

  it('fails on a block written as an argument, an argument written as a block and a repeated single block', async () => {
    expect(await problemsOf('wrong-nesting')).toEqual([
      'test/fixtures/terraform/wrong-nesting/main.tf:11: google_cloud_scheduler_job.expire retry_config: block "retry_config" may appear at most once, found 2',
      'test/fixtures/terraform/wrong-nesting/main.tf:2: google_secret_manager_secret.key labels: "labels" is an argument (labels = ...), but is written as a block',
      'test/fixtures/terraform/wrong-nesting/main.tf:2: google_secret_manager_secret.key replication: "replication" is a block (replication { ... }), but is written as an argument',
    ]);
  });

  it('requires a deployed root (one with a backend) to pin the provider exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-pin-'));
    try {
      cpSync(join(FIXTURES, 'bad-version-constraint', 'main.tf'), join(dir, 'main.tf'));
      writeFileSync(join(dir, 'versions.tf'), 'terraform {\n  required_providers {\n    google = {\n      source  = "hashicorp/google"\n      version = ">= 6.0"\n    }\n  }\n  backend "gcs" {}\n}\n');
      expect(runCheck([dir]).problems).toEqual([`${relative(PROJECT, dir)}/versions.tf:3: provider "google" of a deployed root (it has a backend) must be pinned exactly: version = "${schema.version}", found ">= 6.0"`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('reports a file that does not parse instead of crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-parse-'));
    try {
      writeFileSync(join(dir, 'main.tf'), 'resource "google_pubsub_topic" "x" {\n');
      expect(runCheck([dir]).problems).toEqual([expect.stringMatching(/\/main\.tf: HCL does not parse: .*Unclosed configuration block/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
