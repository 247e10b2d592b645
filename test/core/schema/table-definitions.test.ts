import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE, TABLES, type TableDefinition, validateTableDefinition } from '../../../shared/src/core/schema/tables';
import { PIPELINE_EVENT_FIELD_NAMES_FROM_DOMAIN } from './domain-fields';

describe('table definitions', () => {
  it('are all sound: keys REQUIRED, partitioning on a TIMESTAMP, at most 4 clustering columns, unique names', () => {
    for (const table of TABLES) expect({ table: table.name, problems: validateTableDefinition(table) }).toEqual({ table: table.name, problems: [] });
  });

  it('list pipeline_events and rejected_events with unique names', () => {
    const names = TABLES.map((table) => table.name);
    expect(names).toEqual(expect.arrayContaining(['pipeline_events', 'rejected_events']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('key, partition and cluster the event tables as the queries need', () => {
    expect(PIPELINE_EVENTS_TABLE.primaryKey).toEqual(['event_id']);
    expect(PIPELINE_EVENTS_TABLE.partitioning).toEqual({ field: 'occurred_at', type: 'DAY' });
    expect(PIPELINE_EVENTS_TABLE.clustering).toEqual(['source', 'pipeline_id', 'status', 'category']);
    expect(REJECTED_EVENTS_TABLE.primaryKey).toEqual(['rejection_id']);
    expect(REJECTED_EVENTS_TABLE.partitioning).toEqual({ field: 'received_at', type: 'DAY' });
  });

  it('give pipeline_events a column for every PipelineEvent field', () => {
    const columns = PIPELINE_EVENTS_TABLE.fields.map((field) => field.name);
    expect(columns).toEqual(expect.arrayContaining(PIPELINE_EVENT_FIELD_NAMES_FROM_DOMAIN));
  });

  it('report each kind of broken definition', () => {
    const broken: TableDefinition = {
      name: 'bad-name',
      description: 'broken on purpose',
      primaryKey: ['id', 'missing_key'],
      partitioning: { field: 'label', type: 'DAY' },
      clustering: ['a', 'b', 'c', 'd', 'payload'],
      fields: [
        { name: 'id', type: 'STRING', mode: 'NULLABLE', description: 'id' },
        { name: 'ID', type: 'STRING', mode: 'REQUIRED', description: 'duplicate in another case' },
        { name: 'label', type: 'STRING', mode: 'REQUIRED', description: ' ' },
        { name: 'payload', type: 'JSON', mode: 'NULLABLE', description: 'json' },
      ],
    };
    expect(validateTableDefinition(broken)).toEqual([
      'table name "bad-name" is not a valid identifier',
      'bad-name.ID: defined twice (names are case-insensitive)',
      'bad-name.label: needs a description',
      // "id" was redefined by "ID" (REQUIRED), so only the missing key is reported for the key list.
      'bad-name: primary key column "missing_key" is not a field',
      'bad-name: partitioning column "label" must be a non-repeated TIMESTAMP',
      'bad-name: BigQuery allows at most 4 clustering columns, got 5',
      'bad-name: clustering column "a" is not a field',
      'bad-name: clustering column "b" is not a field',
      'bad-name: clustering column "c" is not a field',
      'bad-name: clustering column "d" is not a field',
      'bad-name: clustering column "payload" must be a non-repeated STRING, INTEGER, BOOLEAN or TIMESTAMP',
    ]);
  });

  it('reject a nullable primary key', () => {
    const table: TableDefinition = {
      name: 't',
      description: 'd',
      primaryKey: ['id'],
      fields: [{ name: 'id', type: 'STRING', mode: 'NULLABLE', description: 'id' }],
    };
    expect(validateTableDefinition(table)).toEqual(['t: primary key column "id" must be REQUIRED']);
  });
});
