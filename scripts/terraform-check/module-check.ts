// Checks one Terraform module directory and the local modules it calls, against a provider schema.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkProviderBody, checkResourceBody } from './block-check';
import { asBlockList, escapeRegExp, type HclBody, isBody, lineOf, loadModule, TerraformParseError, type TerraformFile, type TerraformModule } from './hcl-module';
import type { ProviderSchema } from './provider-schema';
import { referencesIn } from './references';
import { constraintAllows, isExactPin, VersionConstraintError } from './version-constraint';

export interface TerraformProblem {
  readonly file: string;
  readonly line: number | undefined;
  readonly message: string;
}

export function formatProblem(problem: TerraformProblem): string {
  return `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`;
}

/** Terraform's own resource types, which no provider schema describes. */
const BUILTIN_TYPES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['terraform_data', new Set(['input', 'triggers_replace'])],
]);

const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);

/** Names of every labelled block of one kind (variable, output, module) with the file declaring it. */
function labelled(module: TerraformModule, kind: string): Map<string, { file: TerraformFile; body: HclBody }> {
  const found = new Map<string, { file: TerraformFile; body: HclBody }>();
  for (const file of module.files) {
    const blocks = file.body[kind];
    if (!isBody(blocks)) continue;
    for (const [name, bodies] of Object.entries(blocks)) {
      for (const body of asBlockList(bodies) ?? []) found.set(name, { file, body });
    }
  }
  return found;
}

/** resource/data blocks: type → name → body. */
function typed(module: TerraformModule, kind: 'resource' | 'data'): { type: string; name: string; file: TerraformFile; body: HclBody }[] {
  const found: { type: string; name: string; file: TerraformFile; body: HclBody }[] = [];
  for (const file of module.files) {
    const byType = file.body[kind];
    if (!isBody(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isBody(byName)) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        for (const body of asBlockList(bodies) ?? []) found.push({ type, name, file, body });
      }
    }
  }
  return found;
}

function localsOf(module: TerraformModule): Map<string, { file: TerraformFile; value: HclBody }> {
  const found = new Map<string, { file: TerraformFile; value: HclBody }>();
  for (const file of module.files) {
    for (const block of asBlockList(file.body.locals) ?? []) {
      for (const name of Object.keys(block)) found.set(name, { file, value: block });
    }
  }
  return found;
}

function requiredProviders(module: TerraformModule): { file: TerraformFile; name: string; source: string | undefined; version: string | undefined; hasBackend: boolean }[] {
  const found: { file: TerraformFile; name: string; source: string | undefined; version: string | undefined; hasBackend: boolean }[] = [];
  for (const file of module.files) {
    for (const terraform of asBlockList(file.body.terraform) ?? []) {
      const hasBackend = terraform.backend !== undefined;
      for (const block of asBlockList(terraform.required_providers) ?? []) {
        for (const [name, requirement] of Object.entries(block)) {
          if (!isBody(requirement)) continue;
          const source = typeof requirement.source === 'string' ? requirement.source : undefined;
          const version = typeof requirement.version === 'string' ? requirement.version : undefined;
          found.push({ file, name, source, version, hasBackend });
        }
      }
    }
  }
  return found;
}

function hasBackend(module: TerraformModule): boolean {
  return module.files.some((file) => (asBlockList(file.body.terraform) ?? []).some((t) => t.backend !== undefined));
}

export class TerraformChecker {
  private readonly checked = new Map<string, Promise<TerraformModule | undefined>>();
  readonly problems: TerraformProblem[] = [];

  constructor(
    private readonly schema: ProviderSchema,
    private readonly baseDir: string,
  ) {}

  /** Checks a module directory (and, once each, every local module it calls); resolves to the module. */
  checkDirectory(dir: string): Promise<TerraformModule | undefined> {
    const absolute = resolve(dir);
    let pending = this.checked.get(absolute);
    if (pending === undefined) {
      pending = this.run(absolute);
      this.checked.set(absolute, pending);
    }
    return pending;
  }

  private report(file: TerraformFile | string, line: number | undefined, message: string): void {
    this.problems.push({ file: typeof file === 'string' ? file : file.path, line, message });
  }

  private async run(dir: string): Promise<TerraformModule | undefined> {
    const display = relative(this.baseDir, dir) || '.';
    let module: TerraformModule;
    try {
      module = await loadModule(dir, display);
    } catch (error) {
      if (error instanceof TerraformParseError) {
        this.report(error.path, undefined, error.message.slice(error.path.length + 2));
        return undefined;
      }
      throw error;
    }
    if (module.files.length === 0) {
      this.report(display, undefined, 'no .tf files');
      return undefined;
    }
    this.checkProviderVersions(module);
    this.checkResources(module);
    this.checkProviderBlocks(module);
    await this.checkModuleCalls(module);
    await this.checkReferences(module);
    return module;
  }

  private checkProviderVersions(module: TerraformModule): void {
    const requirements = requiredProviders(module);
    const google = requirements.filter((r) => r.name === this.schema.provider || r.source === this.schema.source);
    const usesProvider = typed(module, 'resource').concat(typed(module, 'data')).some((r) => r.type.startsWith(`${this.schema.provider}_`));
    if (usesProvider && google.length === 0) {
      this.report(module.files[0] as TerraformFile, undefined, `uses ${this.schema.provider}_* resources but declares no required_providers entry for ${this.schema.source}`);
    }
    for (const requirement of requirements) {
      const line = lineOf(requirement.file.text, new RegExp(`^\\s*${escapeRegExp(requirement.name)}\\s*=`));
      if (requirement.name !== this.schema.provider && requirement.source !== this.schema.source) {
        this.report(requirement.file, line, `provider "${requirement.name}" (${requirement.source ?? 'no source'}) has no schema this check can read; only ${this.schema.source} is checked`);
        continue;
      }
      if (requirement.source !== this.schema.source) this.report(requirement.file, line, `provider "${requirement.name}" must have source "${this.schema.source}", found ${JSON.stringify(requirement.source)}`);
      if (requirement.version === undefined) {
        this.report(requirement.file, line, `provider "${requirement.name}" has no version constraint; the checked schema is ${this.schema.source} ${this.schema.version}`);
        continue;
      }
      try {
        if (!constraintAllows(requirement.version, this.schema.version)) {
          this.report(requirement.file, line, `provider "${requirement.name}" version constraint "${requirement.version}" does not allow ${this.schema.version}, the version whose schema is checked (${this.schema.packageName} ${this.schema.packageVersion})`);
        } else if (requirement.hasBackend && !isExactPin(requirement.version, this.schema.version)) {
          this.report(requirement.file, line, `provider "${requirement.name}" of a deployed root (it has a backend) must be pinned exactly: version = "${this.schema.version}", found "${requirement.version}"`);
        }
      } catch (error) {
        if (!(error instanceof VersionConstraintError)) throw error;
        this.report(requirement.file, line, `provider "${requirement.name}": ${error.message}`);
      }
    }
  }

  private checkResources(module: TerraformModule): void {
    for (const kind of ['resource', 'data'] as const) {
      for (const { type, name, file, body } of typed(module, kind)) {
        const header = kind === 'resource' ? `resource "${type}" "${name}"` : `data "${type}" "${name}"`;
        const line = lineOf(file.text, new RegExp(`^\\s*${kind}\\s+"${escapeRegExp(type)}"\\s+"${escapeRegExp(name)}"`));
        const label = kind === 'resource' ? `${type}.${name}` : `data.${type}.${name}`;
        const builtin = kind === 'resource' ? BUILTIN_TYPES.get(type) : undefined;
        if (builtin !== undefined) {
          for (const key of Object.keys(body)) {
            if (!builtin.has(key) && !['count', 'for_each', 'depends_on', 'lifecycle', 'provider'].includes(key)) this.report(file, line, `${label}: unknown argument "${key}"`);
          }
          continue;
        }
        if (!type.startsWith(`${this.schema.provider}_`)) {
          this.report(file, line, `${header}: no schema for provider "${type.split('_')[0]}"; only ${this.schema.source} is checked`);
          continue;
        }
        if (typeof body.provider === 'string' && !/^\$\{google(\.[a-z0-9_-]+)?\}$|^google(\.[a-z0-9_-]+)?$/.test(body.provider)) {
          this.report(file, line, `${label}: provider ${body.provider} is not checked (only ${this.schema.source})`);
        }
        const schema = this.schema.typeSchema(kind, type);
        if (schema === undefined) {
          this.report(file, line, `${header}: ${this.schema.source} ${this.schema.version} has no ${kind === 'resource' ? 'resource' : 'data source'} type "${type}"`);
          continue;
        }
        for (const problem of checkResourceBody(body, schema)) {
          this.report(file, line, `${label}${problem.path === '' ? '' : ` ${problem.path}`}: ${problem.message}`);
        }
      }
    }
  }

  private checkProviderBlocks(module: TerraformModule): void {
    for (const [name, { file, body }] of labelled(module, 'provider')) {
      const line = lineOf(file.text, new RegExp(`^\\s*provider\\s+"${escapeRegExp(name)}"`));
      if (name !== this.schema.provider) {
        this.report(file, line, `provider "${name}" has no schema this check can read`);
        continue;
      }
      for (const problem of checkProviderBody(body, this.schema.providerConfigSchema())) {
        this.report(file, line, `provider "${name}"${problem.path === '' ? '' : ` ${problem.path}`}: ${problem.message}`);
      }
    }
  }

  private async checkModuleCalls(module: TerraformModule): Promise<void> {
    for (const [name, { file, body }] of labelled(module, 'module')) {
      const line = lineOf(file.text, new RegExp(`^\\s*module\\s+"${escapeRegExp(name)}"`));
      const source = body.source;
      if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) {
        this.report(file, line, `module "${name}": source ${JSON.stringify(source)} is not a local path; the check cannot read its variables`);
        continue;
      }
      const target = join(module.dir, source);
      if (!existsSync(target)) {
        this.report(file, line, `module "${name}": source "${source}" does not exist`);
        continue;
      }
      const called = await this.checkDirectory(target);
      if (called === undefined) continue;
      const variables = labelled(called, 'variable');
      for (const input of Object.keys(body)) {
        if (MODULE_META.has(input) || variables.has(input)) continue;
        this.report(file, line, `module "${name}": unknown input "${input}" (${called.displayDir} declares no variable "${input}")`);
      }
      for (const [variable, declaration] of variables) {
        if (!('default' in declaration.body) && !(variable in body)) {
          this.report(file, line, `module "${name}": missing required input "${variable}" (declared without a default in ${declaration.file.path})`);
        }
      }
    }
  }

  private async checkReferences(module: TerraformModule): Promise<void> {
    const variables = labelled(module, 'variable');
    const locals = localsOf(module);
    const modules = labelled(module, 'module');
    const resources = new Set(typed(module, 'resource').map((r) => `${r.type}.${r.name}`));
    const dataSources = new Set(typed(module, 'data').map((r) => `${r.type}.${r.name}`));
    const outputsOf = new Map<string, Set<string> | undefined>();
    for (const [name, { body }] of modules) {
      const source = body.source;
      const called = typeof source === 'string' ? await this.checked.get(resolve(join(module.dir, source))) : undefined;
      outputsOf.set(name, called === undefined ? undefined : new Set(labelled(called, 'output').keys()));
    }
    const dynamicIterators = new Set<string>();
    const collectIterators = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collectIterators);
      else if (value !== null && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (key === 'dynamic' && item !== null && typeof item === 'object') {
            for (const entry of Array.isArray(item) ? item : [item]) {
              for (const [label, definitions] of Object.entries(entry as object)) {
                dynamicIterators.add(label);
                for (const definition of Array.isArray(definitions) ? definitions : [definitions]) {
                  const iterator = (definition as { iterator?: unknown }).iterator;
                  if (typeof iterator === 'string') dynamicIterators.add(iterator.replace(/^\$\{|\}$/g, ''));
                }
              }
            }
          }
          collectIterators(item);
        }
      }
    };

    for (const file of module.files) {
      collectIterators(file.body);
      for (const [kind, blocks] of Object.entries(file.body)) {
        if (kind === 'terraform') continue;
        for (const reference of await referencesIn(blocks, kind === 'variable' ? 'variable ' : kind)) {
          const parts = reference.value.split('.');
          const [root, first, second] = parts;
          const here = `${reference.where}: reference ${reference.value}`;
          const lineFor = (name: string): number | undefined => lineOf(file.text, new RegExp(escapeRegExp(name)));
          if (root === 'var') {
            if (first === undefined || !variables.has(first)) this.report(file, lineFor(reference.value), `${here}: no variable "${first ?? ''}" is declared in ${module.displayDir}`);
          } else if (root === 'local') {
            if (first === undefined || !locals.has(first)) this.report(file, lineFor(reference.value), `${here}: no local "${first ?? ''}" is declared in ${module.displayDir}`);
          } else if (root === 'module') {
            if (first === undefined || !modules.has(first)) {
              this.report(file, lineFor(reference.value), `${here}: no module "${first ?? ''}" is called in ${module.displayDir}`);
            } else if (second !== undefined && !/^\d+$/.test(second)) {
              const outputs = outputsOf.get(first);
              if (outputs !== undefined && !outputs.has(second)) this.report(file, lineFor(reference.value), `${here}: module "${first}" has no output "${second}"`);
            }
          } else if (root === 'data') {
            if (first !== undefined && second !== undefined && !dataSources.has(`${first}.${second}`)) this.report(file, lineFor(reference.value), `${here}: no data "${first}" "${second}" is declared in ${module.displayDir}`);
          } else if (root !== undefined && first !== undefined && /^[a-z0-9]+_[a-z0-9_]+$/.test(root) && !dynamicIterators.has(root)) {
            if (!resources.has(`${root}.${first}`)) this.report(file, lineFor(reference.value), `${here}: no resource "${root}" "${first}" is declared in ${module.displayDir}`);
          }
        }
      }
    }
  }
}

export function isDeployedRoot(module: TerraformModule): boolean {
  return hasBackend(module);
}
