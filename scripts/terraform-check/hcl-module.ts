// A Terraform module directory: every .tf file in it, parsed to JSON by @cdktf/hcl2json.
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };
export type HclBody = { [key: string]: HclValue };

export interface TerraformFile {
  /** Path relative to the check's base directory, as messages print it. */
  readonly path: string;
  readonly text: string;
  readonly body: HclBody;
}

export interface TerraformModule {
  readonly dir: string;
  readonly displayDir: string;
  readonly files: readonly TerraformFile[];
}

export class TerraformParseError extends Error {
  constructor(readonly path: string, detail: string) {
    super(`${path}: HCL does not parse: ${detail}`);
    this.name = 'TerraformParseError';
  }
}

export function isBody(value: HclValue | undefined): value is HclBody {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A block in hcl2json's output: a list of bodies (a block may appear several times). */
export function asBlockList(value: HclValue | undefined): HclBody[] | undefined {
  if (!Array.isArray(value) || !value.every(isBody)) return undefined;
  return value as HclBody[];
}

export function tfFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.tf'))
    .map((entry) => entry.name)
    .sort();
}

export async function loadModule(dir: string, displayDir: string): Promise<TerraformModule> {
  const files: TerraformFile[] = [];
  for (const name of tfFiles(dir)) {
    const text = readFileSync(join(dir, name), 'utf8');
    const path = join(displayDir, name);
    let body: HclBody;
    try {
      body = (await parse(path, text)) as HclBody;
    } catch (error) {
      throw new TerraformParseError(path, error instanceof Error ? error.message : String(error));
    }
    files.push({ path, text, body });
  }
  return { dir, displayDir, files };
}

/** 1-based line of the first line matching `pattern`, for messages a person can jump to. */
export function lineOf(text: string, pattern: RegExp): number | undefined {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => pattern.test(line));
  return index === -1 ? undefined : index + 1;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
