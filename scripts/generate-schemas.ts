// Writes the BigQuery schema files and analytics view SQL Terraform reads from the TypeScript definitions.
// Usage: node scripts/run-ts.mjs scripts/generate-schemas.ts [--check]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { toBigQueryManifest, toBigQuerySchema, toJsonFile } from '../shared/src/core/schema/bigquery-json';
import { TABLES, type TableDefinition, validateTableDefinition } from '../shared/src/core/schema/tables';
import { ANALYTICS_VIEWS } from '../shared/src/core/analytics/views';

export const BIGQUERY_MODULE_DIR = resolve(__dirname, '..', 'terraform', 'modules', 'bigquery');

/** Every generated file, keyed by its path relative to the BigQuery module. */
export function renderSchemaFiles(tables: readonly TableDefinition[] = TABLES): Map<string, string> {
  const problems = tables.flatMap(validateTableDefinition);
  if (problems.length > 0) throw new Error(`invalid table definitions:\n${problems.join('\n')}`);
  const files = new Map<string, string>();
  for (const table of tables) files.set(join('schemas', `${table.name}.json`), toJsonFile(toBigQuerySchema(table)));
  files.set('tables.json', toJsonFile(toBigQueryManifest(tables)));
  // Views: BigQuery SQL with ${project} and ${dataset} left for Terraform's templatefile().
  for (const view of ANALYTICS_VIEWS) files.set(join('views', `${view.name}.sql`), `${view.sql('bigquery')}\n`);
  files.set('views.json', toJsonFile(ANALYTICS_VIEWS.map((view) => ({ name: view.name, description: view.question, sql_file: `views/${view.name}.sql` }))));
  return files;
}

/** Paths whose committed content differs from what the definitions generate (missing files included). */
export function staleSchemaFiles(moduleDir: string = BIGQUERY_MODULE_DIR, tables: readonly TableDefinition[] = TABLES): string[] {
  const stale: string[] = [];
  for (const [path, content] of renderSchemaFiles(tables)) {
    let committed: string | undefined;
    try {
      committed = readFileSync(join(moduleDir, path), 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed !== content) stale.push(path);
  }
  return stale;
}

export function writeSchemaFiles(moduleDir: string = BIGQUERY_MODULE_DIR, tables: readonly TableDefinition[] = TABLES): string[] {
  const written: string[] = [];
  for (const [path, content] of renderSchemaFiles(tables)) {
    const target = join(moduleDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    written.push(path);
  }
  return written;
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = staleSchemaFiles();
    if (stale.length > 0) {
      console.error(`out of date (run without --check to regenerate): ${stale.join(', ')}`);
      process.exit(1);
    }
    console.log('schemas up to date');
  } else {
    for (const path of writeSchemaFiles()) console.log(`wrote ${join('terraform/modules/bigquery', path)}`);
  }
}
