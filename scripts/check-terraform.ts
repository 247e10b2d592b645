// npm run check:terraform — checks every Terraform module under terraform/ (root, bootstrap, modules/*, examples/*)
// against the google provider schema shipped by @cdktf/provider-google, and that each module's README
// lists its current inputs and outputs.
// Usage: node scripts/run-ts.mjs scripts/check-terraform.ts [--write-readmes] [DIR...]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadModule, tfFiles } from './terraform-check/hcl-module';
import { formatProblem, TerraformChecker, type TerraformProblem } from './terraform-check/module-check';
import { renderModuleDocs, withModuleDocs } from './terraform-check/module-readme';
import { loadProviderSchema, type ProviderSchema } from './terraform-check/provider-schema';

const PROJECT_ROOT = resolve(__dirname, '..');

function subdirectories(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** Every directory of a Terraform tree that holds .tf files: the root, bootstrap, modules/* and examples/*. */
export function terraformDirectories(terraformDir: string): string[] {
  return [terraformDir, join(terraformDir, 'bootstrap'), ...subdirectories(join(terraformDir, 'modules')), ...subdirectories(join(terraformDir, 'examples'))].filter((dir) => existsSync(dir) && tfFiles(dir).length > 0);
}

export interface TerraformCheckResult {
  readonly problems: readonly TerraformProblem[];
  readonly checkedDirectories: readonly string[];
}

export async function checkTerraform(directories: readonly string[], schema: ProviderSchema = loadProviderSchema(), baseDir = PROJECT_ROOT): Promise<TerraformCheckResult> {
  const checker = new TerraformChecker(schema, baseDir);
  for (const dir of directories) await checker.checkDirectory(dir);
  return { problems: checker.problems, checkedDirectories: directories.map((d) => relative(baseDir, d) || '.') };
}

/** Modules (modules/*) whose README's generated inputs/outputs section differs from their .tf files. */
export async function staleReadmes(terraformDir: string, write: boolean, baseDir = PROJECT_ROOT): Promise<TerraformProblem[]> {
  const problems: TerraformProblem[] = [];
  for (const dir of subdirectories(join(terraformDir, 'modules'))) {
    const module = await loadModule(dir, relative(baseDir, dir));
    const path = join(dir, 'README.md');
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const expected = withModuleDocs(current, renderModuleDocs(module));
    if (current === expected) continue;
    if (write) writeFileSync(path, expected);
    else problems.push({ file: relative(baseDir, path), line: undefined, message: `${current === '' ? 'missing' : 'inputs/outputs section is out of date'}; run npm run check:terraform -- --write-readmes` });
  }
  return problems;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = args.includes('--write-readmes');
  const explicit = args.filter((a) => !a.startsWith('--')).map((a) => resolve(a));
  const terraformDir = join(PROJECT_ROOT, 'terraform');
  const directories = explicit.length > 0 ? explicit : terraformDirectories(terraformDir);
  const schema = loadProviderSchema();
  const { problems } = await checkTerraform(directories, schema);
  const readmeProblems = explicit.length > 0 ? [] : await staleReadmes(terraformDir, write);
  const all = [...problems, ...readmeProblems];
  for (const problem of all) console.error(formatProblem(problem));
  const summary = `${directories.length} Terraform directories checked against ${schema.source} ${schema.version} (${schema.packageName} ${schema.packageVersion})`;
  if (all.length > 0) {
    console.error(`${summary}: ${all.length} problem${all.length === 1 ? '' : 's'}`);
    process.exitCode = 1;
  } else console.log(`${summary}: no problems`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
