// Checks one resource, data source or provider body against its schema: unknown arguments and blocks,
// missing required ones, a block written as an argument (or the reverse), a single block repeated.
import { asBlockList, type HclBody, type HclValue, isBody } from './hcl-module';
import type { BlockSchema } from './provider-schema';

/** Meta-arguments Terraform accepts in every resource and data block. */
const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);

export interface BlockProblem {
  /** Dotted path of the argument or block inside the checked block, '' for the block itself. */
  readonly path: string;
  readonly message: string;
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** Where else in the schema `name` is valid, for the "belongs inside" hint of a wrongly nested argument. */
function placesOf(schema: BlockSchema, name: string, path = '', found: string[] = []): string[] {
  for (const [blockName, nested] of schema.blocks) {
    const nestedPath = join(path, blockName);
    if (nested.block.attributes.has(name) || nested.block.blocks.has(name)) found.push(nestedPath);
    placesOf(nested.block, name, nestedPath, found);
  }
  return found;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The schema name a misspelling most likely meant (at most 3 edits away), for the message. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= 3 && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function looksLikeBlockList(value: HclValue | undefined): boolean {
  return asBlockList(value) !== undefined && (value as HclValue[]).length > 0;
}

function checkBody(body: HclBody, schema: BlockSchema, root: BlockSchema, path: string, allowMeta: boolean, problems: BlockProblem[]): void {
  const dynamicBlocks = new Map<string, HclBody[]>();
  const dynamicValue = body.dynamic;
  if (dynamicValue !== undefined) {
    for (const entry of asBlockList(dynamicValue) ?? (isBody(dynamicValue) ? [dynamicValue] : [])) {
      for (const [name, definitions] of Object.entries(entry)) {
        const contents = (asBlockList(definitions) ?? []).flatMap((definition) => asBlockList(definition.content) ?? []);
        dynamicBlocks.set(name, [...(dynamicBlocks.get(name) ?? []), ...contents]);
      }
    }
  }

  for (const [name, value] of Object.entries(body)) {
    if (name === 'dynamic') continue;
    if (allowMeta && RESOURCE_META.has(name)) continue;
    const where = join(path, name);
    const attribute = schema.attributes.get(name);
    if (attribute !== undefined) {
      // A list attribute may hold objects (`x = [{...}]` parses like a block); strings, numbers and maps may not.
      if ((attribute.kind === 'simple' || attribute.kind === 'map') && looksLikeBlockList(value)) {
        problems.push({ path: where, message: `"${name}" is an argument (${name} = ...), but is written as a block` });
      }
      continue;
    }
    const nested = schema.blocks.get(name);
    if (nested !== undefined) {
      const bodies = asBlockList(value);
      if (bodies === undefined) {
        problems.push({ path: where, message: `"${name}" is a block (${name} { ... }), but is written as an argument` });
        continue;
      }
      if (nested.single && bodies.length > 1) problems.push({ path: where, message: `block "${name}" may appear at most once, found ${bodies.length}` });
      for (const nestedBody of bodies) checkBody(nestedBody, nested.block, root, where, false, problems);
      continue;
    }
    const places = placesOf(root, name).filter((place) => place !== path);
    const nearest = places.length > 0 ? undefined : closest(name, [...schema.attributes.keys(), ...schema.blocks.keys()]);
    const hint = places.length > 0 ? ` (it belongs inside ${places.map((p) => `"${p}"`).join(' or ')})` : nearest === undefined ? '' : ` (did you mean "${nearest}"?)`;
    problems.push({ path: where, message: `unknown argument or block "${name}"${hint}` });
  }

  for (const [name, dynamicContents] of dynamicBlocks) {
    const nested = schema.blocks.get(name);
    if (nested === undefined) {
      problems.push({ path: join(path, `dynamic "${name}"`), message: `dynamic block "${name}" names no block of this schema` });
      continue;
    }
    for (const content of dynamicContents) checkBody(content, nested.block, root, join(path, name), false, problems);
  }

  for (const [name, attribute] of schema.attributes) {
    if (attribute.required && !(name in body)) problems.push({ path, message: `missing required argument "${name}"` });
  }
  for (const [name, nested] of schema.blocks) {
    if (nested.required && !(name in body) && !dynamicBlocks.has(name)) problems.push({ path, message: `missing required block "${name}"` });
  }
}

/** Problems of a resource or data source body (meta-arguments allowed at its top level). */
export function checkResourceBody(body: HclBody, schema: BlockSchema): BlockProblem[] {
  const problems: BlockProblem[] = [];
  checkBody(body, schema, schema, '', true, problems);
  return problems;
}

/** Problems of a `provider` block (only `alias` and `version` beyond the provider's own arguments). */
export function checkProviderBody(body: HclBody, schema: BlockSchema): BlockProblem[] {
  const { alias: _alias, ...rest } = body;
  const problems: BlockProblem[] = [];
  checkBody(rest, schema, schema, '', false, problems);
  return problems;
}
