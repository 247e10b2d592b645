import { toBigQueryManifest, toBigQuerySchema } from '../../../shared/src/core/schema/bigquery-json';
import { toDuckDbDdl, toDuckDbInsertIgnore } from '../../../shared/src/core/schema/duckdb-ddl';
import { REJECTED_EVENTS_TABLE, TABLES, type TableDefinition } from '../../../shared/src/core/schema/tables';

describe('BigQuery schema JSON', () => {
  it('is a TableFieldSchema array carrying name, type, mode and description of every field in order', () => {
    expect(toBigQuerySchema(REJECTED_EVENTS_TABLE)).toEqual([
      { name: 'rejection_id', type: 'STRING', mode: 'REQUIRED', description: expect.any(String) },
      { name: 'reason', type: 'STRING', mode: 'REQUIRED', description: expect.any(String) },
      { name: 'message', type: 'STRING', mode: 'REQUIRED', description: expect.any(String) },
      { name: 'raw_payload', type: 'STRING', mode: 'REQUIRED', description: expect.any(String) },
      { name: 'received_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: expect.any(String) },
      { name: 'message_id', type: 'STRING', mode: 'NULLABLE', description: expect.any(String) },
    ]);
  });

  it('lists partitioning and clustering per table in the manifest Terraform reads', () => {
    const manifest = toBigQueryManifest(TABLES);
    expect(manifest.map((entry) => entry.name)).toEqual(TABLES.map((table) => table.name));
    expect(manifest.find((entry) => entry.name === 'pipeline_events')).toEqual({
      name: 'pipeline_events',
      description: expect.any(String),
      schema_file: 'schemas/pipeline_events.json',
      time_partitioning: { field: 'occurred_at', type: 'DAY' },
      clustering: ['source', 'pipeline_id', 'status', 'category'],
    });
  });

  it('writes null partitioning for an unpartitioned table', () => {
    const table: TableDefinition = { name: 'kb', description: 'd', fields: [{ name: 'id', type: 'STRING', mode: 'REQUIRED', description: 'id' }] };
    expect(toBigQueryManifest([table])[0]).toMatchObject({ time_partitioning: null, clustering: [] });
  });
});

describe('DuckDB DDL', () => {
  it('creates the table if missing, with NOT NULL for REQUIRED, TIMESTAMPTZ, JSON and the primary key', () => {
    expect(toDuckDbDdl(REJECTED_EVENTS_TABLE)).toBe(
      [
        'CREATE TABLE IF NOT EXISTS "rejected_events" (',
        '  "rejection_id" VARCHAR NOT NULL,',
        '  "reason" VARCHAR NOT NULL,',
        '  "message" VARCHAR NOT NULL,',
        '  "raw_payload" VARCHAR NOT NULL,',
        '  "received_at" TIMESTAMPTZ NOT NULL,',
        '  "message_id" VARCHAR,',
        '  PRIMARY KEY ("rejection_id")',
        ');',
      ].join('\n'),
    );
  });

  it('maps every type and REPEATED to a DuckDB list, and omits PRIMARY KEY for a keyless table', () => {
    const table: TableDefinition = {
      name: 'all_types',
      description: 'd',
      fields: [
        { name: 's', type: 'STRING', mode: 'NULLABLE', description: 'd' },
        { name: 'i', type: 'INTEGER', mode: 'REQUIRED', description: 'd' },
        { name: 'f', type: 'FLOAT', mode: 'NULLABLE', description: 'd' },
        { name: 'b', type: 'BOOLEAN', mode: 'NULLABLE', description: 'd' },
        { name: 't', type: 'TIMESTAMP', mode: 'REPEATED', description: 'd' },
        { name: 'j', type: 'JSON', mode: 'NULLABLE', description: 'd' },
      ],
    };
    const ddl = toDuckDbDdl(table);
    expect(ddl).toContain('"s" VARCHAR,');
    expect(ddl).toContain('"i" BIGINT NOT NULL,');
    expect(ddl).toContain('"f" DOUBLE,');
    expect(ddl).toContain('"b" BOOLEAN,');
    expect(ddl).toContain('"t" TIMESTAMPTZ[],');
    expect(ddl).toContain('"j" JSON\n');
    expect(ddl).not.toContain('PRIMARY KEY');
    expect(toDuckDbInsertIgnore(table)).toBe(
      // A REPEATED value is bound as JSON text: DuckDB cannot type an empty bound list.
      'INSERT INTO "all_types" ("s", "i", "f", "b", "t", "j") VALUES ($1, $2, $3, $4, CAST(CAST($5 AS JSON) AS TIMESTAMPTZ[]), CAST($6 AS JSON)) ON CONFLICT DO NOTHING',
    );
  });
});
