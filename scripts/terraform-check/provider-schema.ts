// The google provider's schema, read from the code @cdktf/provider-google generates from it.
// The package ships no schema JSON: its 98 MB jsii assembly takes ~20 s to parse, so each resource's
// schema is read from its own generated files instead (index.js names every argument and block with
// isBlock; index.d.ts marks the optional ones and single blocks), only for the types a configuration uses.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface AttributeSchema {
  readonly required: boolean;
  /** cdktf's storage kind: simple (string/number/bool), list, set or map. */
  readonly kind: string;
}

export interface NestedBlockSchema {
  readonly required: boolean;
  /** The provider allows this block at most once (max_items = 1). */
  readonly single: boolean;
  readonly block: BlockSchema;
}

export interface BlockSchema {
  readonly attributes: ReadonlyMap<string, AttributeSchema>;
  readonly blocks: ReadonlyMap<string, NestedBlockSchema>;
}

export type SchemaKind = 'resource' | 'data';

export interface ProviderSchema {
  readonly provider: string;
  readonly source: string;
  /** Version of the provider whose schema this is (the one the package was generated from). */
  readonly version: string;
  readonly packageName: string;
  readonly packageVersion: string;
  /** Schema of a resource or data source type, undefined when the provider has no such type. */
  typeSchema(kind: SchemaKind, type: string): BlockSchema | undefined;
  /** Schema of the provider's own configuration block. */
  providerConfigSchema(): BlockSchema;
}

interface RawEntry {
  readonly name: string;
  readonly isBlock: boolean;
  readonly kind: string;
  readonly property: string | undefined;
  readonly nestedFunction: string | undefined;
}

const ENTRY = /^\s{8,}([a-z0-9_]+): \{\n\s*value: (.*),\n\s*isBlock: (true|false),\n\s*type: "(\w+)",/gm;

function rawEntries(attrsSource: string): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const match of attrsSource.matchAll(ENTRY)) {
    const value = match[2] as string;
    entries.push({
      name: match[1] as string,
      isBlock: match[3] === 'true',
      kind: match[4] as string,
      property: /\b(?:struct\.|this\._)(\w+)/.exec(value)?.[1],
      nestedFunction: /(?<![.\w])([a-z]\w*?)ToHclTerraform\b/.exec(value)?.[1],
    });
  }
  return entries;
}

/** `attrs = { ... }` object literal of every struct's HCL function and of the class itself. */
function attrsLiterals(js: string): { functions: Map<string, string>; top: string } {
  const functions = new Map<string, string>();
  for (const match of js.matchAll(/^function (\w+)ToHclTerraform\(struct\) \{\n([\s\S]*?)^\}/gm)) {
    functions.set(match[1] as string, match[2] as string);
  }
  const top = /synthesizeHclAttributes\(\) \{\n([\s\S]*?)\n {4}\}/.exec(js)?.[1];
  if (top === undefined) throw new Error('no synthesizeHclAttributes in generated code');
  return { functions, top };
}

interface DeclaredProperty {
  readonly optional: boolean;
  readonly isArray: boolean;
}

/** Properties of every exported interface in a generated index.d.ts. */
function interfaces(dts: string): Map<string, Map<string, DeclaredProperty>> {
  const result = new Map<string, Map<string, DeclaredProperty>>();
  for (const match of dts.matchAll(/^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm)) {
    const properties = new Map<string, DeclaredProperty>();
    for (const property of (match[2] as string).matchAll(/^ {4}readonly (\w+)(\?)?: ([^\n]*)$/gm)) {
      properties.set(property[1] as string, { optional: property[2] === '?', isArray: (property[3] as string).includes('[]') });
    }
    result.set(match[1] as string, properties);
  }
  return result;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function buildBlock(
  attrs: string,
  declared: ReadonlyMap<string, DeclaredProperty> | undefined,
  functions: ReadonlyMap<string, string>,
  types: ReadonlyMap<string, Map<string, DeclaredProperty>>,
  depth: number,
): BlockSchema {
  const attributes = new Map<string, AttributeSchema>();
  const blocks = new Map<string, NestedBlockSchema>();
  for (const entry of rawEntries(attrs)) {
    const property = entry.property === undefined ? undefined : declared?.get(entry.property);
    const required = property !== undefined && !property.optional;
    if (!entry.isBlock) {
      attributes.set(entry.name, { required, kind: entry.kind });
      continue;
    }
    const nestedSource = entry.nestedFunction === undefined ? undefined : functions.get(entry.nestedFunction);
    if (nestedSource === undefined || depth > 12) throw new Error(`block ${entry.name}: generated code for its contents not found`);
    const nestedDeclared = types.get(pascal(entry.nestedFunction as string));
    blocks.set(entry.name, {
      required,
      single: property !== undefined && !property.isArray,
      block: buildBlock(nestedSource, nestedDeclared, functions, types, depth + 1),
    });
  }
  return { attributes, blocks };
}

function readGenerated(dir: string, classKind: 'TerraformResource' | 'TerraformDataSource' | 'TerraformProvider'): BlockSchema | undefined {
  const jsPath = join(dir, 'index.js');
  if (!existsSync(jsPath)) return undefined;
  const js = readFileSync(jsPath, 'utf8');
  const className = new RegExp(`^class (\\w+) extends cdktf\\.${classKind} \\{`, 'm').exec(js)?.[1];
  if (className === undefined) return undefined;
  const types = interfaces(readFileSync(join(dir, 'index.d.ts'), 'utf8'));
  const { functions, top } = attrsLiterals(js);
  return buildBlock(top, types.get(`${className}Config`), functions, types, 0);
}

function typeDirectory(kind: SchemaKind, type: string, prefix: string): string | undefined {
  if (!type.startsWith(`${prefix}_`)) return undefined;
  const stem = type.slice(prefix.length + 1).replace(/_/g, '-');
  return kind === 'data' ? `data-${prefix}-${stem}` : stem;
}

/** Loads the schema of the provider a @cdktf/provider-* package was generated from. */
export function loadProviderSchema(packageName = '@cdktf/provider-google', providerName = 'google'): ProviderSchema {
  const packageJsonPath = require.resolve(`${packageName}/package.json`);
  const root = dirname(packageJsonPath);
  const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as {
    version: string;
    cdktf?: { provider?: { name?: string; version?: string } };
  };
  const version = manifest.cdktf?.provider?.version;
  const source = manifest.cdktf?.provider?.name;
  if (version === undefined || source === undefined) throw new Error(`${packageName} does not name the provider version it was generated from`);
  const cache = new Map<string, BlockSchema | undefined>();
  let providerBlock: BlockSchema | undefined;
  return {
    provider: providerName,
    source: source.replace(/^registry\.terraform\.io\//, ''),
    version,
    packageName,
    packageVersion: manifest.version,
    typeSchema(kind, type) {
      const key = `${kind} ${type}`;
      if (!cache.has(key)) {
        const dir = typeDirectory(kind, type, providerName);
        cache.set(key, dir === undefined ? undefined : readGenerated(join(root, 'lib', dir), kind === 'data' ? 'TerraformDataSource' : 'TerraformResource'));
      }
      return cache.get(key);
    },
    providerConfigSchema() {
      providerBlock ??= readGenerated(join(root, 'lib', 'provider'), 'TerraformProvider');
      if (providerBlock === undefined) throw new Error(`${packageName} has no provider configuration class`);
      return providerBlock;
    },
  };
}
