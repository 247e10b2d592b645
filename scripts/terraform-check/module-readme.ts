// The inputs/outputs section of a module's README, generated from its variables.tf and outputs.tf
// (terraform-docs' layout and markers, so a hand-written introduction above the markers stays).
import { asBlockList, type HclValue, isBody, type TerraformModule } from './hcl-module';

export const DOCS_BEGIN = '<!-- BEGIN_TF_DOCS -->';
export const DOCS_END = '<!-- END_TF_DOCS -->';

function expression(value: HclValue): string {
  if (typeof value === 'string') {
    const wrapped = /^\$\{([\s\S]*)\}$/.exec(value);
    return wrapped === null ? JSON.stringify(value) : (wrapped[1] as string);
  }
  return JSON.stringify(value);
}

function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

interface Declared {
  readonly name: string;
  readonly body: { [key: string]: HclValue };
}

function declared(module: TerraformModule, kind: 'variable' | 'output'): Declared[] {
  const found: Declared[] = [];
  for (const file of module.files) {
    const blocks = file.body[kind];
    if (!isBody(blocks)) continue;
    for (const [name, bodies] of Object.entries(blocks)) for (const body of asBlockList(bodies) ?? []) found.push({ name, body });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export function renderModuleDocs(module: TerraformModule): string {
  const lines = [DOCS_BEGIN, '## Inputs', ''];
  const variables = declared(module, 'variable');
  if (variables.length === 0) lines.push('No inputs.');
  else {
    lines.push('| Name | Description | Type | Default | Required |', '|------|-------------|------|---------|:--------:|');
    for (const { name, body } of variables) {
      const description = typeof body.description === 'string' ? body.description : '';
      const type = body.type === undefined ? 'any' : expression(body.type);
      const hasDefault = 'default' in body;
      lines.push(`| ${code(name)} | ${cell(description)} | ${code(type)} | ${hasDefault ? code(expression(body.default as HclValue)) : 'n/a'} | ${hasDefault ? 'no' : 'yes'} |`);
    }
  }
  lines.push('', '## Outputs', '');
  const outputs = declared(module, 'output');
  if (outputs.length === 0) lines.push('No outputs.');
  else {
    lines.push('| Name | Description |', '|------|-------------|');
    for (const { name, body } of outputs) lines.push(`| ${code(name)} | ${cell(typeof body.description === 'string' ? body.description : '')} |`);
  }
  lines.push(DOCS_END);
  return lines.join('\n');
}

/** README text with its generated section replaced (or appended when it has none yet). */
export function withModuleDocs(readme: string, docs: string): string {
  const begin = readme.indexOf(DOCS_BEGIN);
  const end = readme.indexOf(DOCS_END);
  if (begin === -1 || end === -1 || end < begin) return `${readme.trimEnd()}${readme.trim() === '' ? '' : '\n\n'}${docs}\n`;
  return `${readme.slice(0, begin)}${docs}${readme.slice(end + DOCS_END.length)}`;
}
