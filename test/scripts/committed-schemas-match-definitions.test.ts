import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderSchemaFiles, staleSchemaFiles, writeSchemaFiles } from '../../scripts/generate-schemas';
import { TABLES } from '../../shared/src/core/schema/tables';
import { ANALYTICS_VIEWS } from '../../shared/src/core/analytics/views';

describe('generated BigQuery schema files', () => {
  it('committed under terraform/modules/bigquery match the TypeScript definitions (run scripts/generate-schemas.ts if not)', () => {
    expect(staleSchemaFiles()).toEqual([]);
  });

  it('cover every table and every analytics view, plus both manifests', () => {
    expect([...renderSchemaFiles().keys()].sort()).toEqual(
      [...TABLES.map((table) => join('schemas', `${table.name}.json`)), 'tables.json', ...ANALYTICS_VIEWS.map((view) => join('views', `${view.name}.sql`)), 'views.json'].sort(),
    );
  });

  describe('in a scratch module directory', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'flexiroaster-schemas-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('are reported stale when missing or edited, and fresh once written', () => {
      expect(staleSchemaFiles(dir).sort()).toEqual([...renderSchemaFiles().keys()].sort());
      writeSchemaFiles(dir);
      expect(staleSchemaFiles(dir)).toEqual([]);
      const file = join(dir, 'schemas', 'pipeline_events.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"REQUIRED"', '"NULLABLE"'));
      expect(staleSchemaFiles(dir)).toEqual([join('schemas', 'pipeline_events.json')]);
    });
  });

  it('refuse to render an invalid definition', () => {
    expect(() =>
      renderSchemaFiles([{ name: 't', description: 'd', partitioning: { field: 'nope', type: 'DAY' }, fields: [{ name: 'a', type: 'STRING', mode: 'NULLABLE', description: 'd' }] }]),
    ).toThrow('partitioning column "nope" is not a field');
  });
});
