import { canonicalTimestamp, toPipelineEventRow, toRejectedEventRow } from '../../../shared/src/core/schema/rows';
import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE, type TableDefinition, type TableRow } from '../../../shared/src/core/schema/tables';
import { CLASSIFIED_EVENT_ROW, classifiedEvent, minimalEvent } from '../../helpers/classified-event-fixture';

const INGESTED_AT = new Date('2024-05-01T10:16:00.000Z');

function expectRowMatchesTable(row: TableRow, table: TableDefinition): void {
  expect(Object.keys(row)).toEqual(table.fields.map((field) => field.name));
  for (const field of table.fields) {
    const value = row[field.name];
    if (field.mode === 'REQUIRED') expect({ column: field.name, value }).not.toEqual({ column: field.name, value: null });
    if (value === null) continue;
    const expected = { STRING: 'string', TIMESTAMP: 'string', JSON: 'string', INTEGER: 'number', FLOAT: 'number', BOOLEAN: 'boolean' }[field.type];
    expect({ column: field.name, type: typeof value }).toEqual({ column: field.name, type: expected });
  }
}

describe('canonicalTimestamp', () => {
  it.each([
    ['2024-05-01T10:15:30.123456789Z', '2024-05-01T10:15:30.123456Z'],
    ['2024-05-01T10:15:30Z', '2024-05-01T10:15:30Z'],
    ['2024-05-01T10:15:30.500000Z', '2024-05-01T10:15:30.5Z'],
    ['2024-05-01T10:15:30.25+02:00', '2024-05-01T08:15:30.25Z'],
    ['2024-05-01T00:15:30-0130', '2024-05-01T01:45:30Z'],
    ['2024-05-01 10:15:30', '2024-05-01T10:15:30Z'],
    ['2024-12-31t23:59:59.999999999z', '2024-12-31T23:59:59.999999Z'],
  ])('rewrites %s as %s', (input, expected) => {
    expect(canonicalTimestamp(input)).toBe(expected);
  });

  it.each(['yesterday', '2024-13-45T99:00:00Z', ''])('leaves %j unchanged for the store to refuse', (input) => {
    expect(canonicalTimestamp(input)).toBe(input);
  });
});

describe('toPipelineEventRow', () => {
  it('flattens identity and codes into columns, in schema order, with canonical UTC timestamps', () => {
    const row = toPipelineEventRow(classifiedEvent(), INGESTED_AT);
    expect(row).toEqual(CLASSIFIED_EVENT_ROW);
    expectRowMatchesTable(row, PIPELINE_EVENTS_TABLE);
  });

  it('writes absent optional fields as null, not undefined, and empty labels as {}', () => {
    const row = toPipelineEventRow(minimalEvent(), INGESTED_AT);
    expectRowMatchesTable(row, PIPELINE_EVENTS_TABLE);
    expect(row).toMatchObject({ stage_id: null, error_message: null, rpc_code: null, signal: null, category: null, trace: null, project_id: null });
    expect(row.resource_labels).toBe('{}');
    expect(Object.values(row)).not.toContain(undefined);
  });
});

describe('toRejectedEventRow', () => {
  it('maps every RejectedInput field and nulls a missing messageId', () => {
    const row = toRejectedEventRow({
      rejectionId: 'rej-1',
      reason: 'not_json',
      message: 'message.data is not JSON',
      rawPayload: '{oops',
      receivedAt: '2024-05-01T10:00:00.000Z',
    });
    expect(row).toEqual({
      rejection_id: 'rej-1',
      reason: 'not_json',
      message: 'message.data is not JSON',
      raw_payload: '{oops',
      received_at: '2024-05-01T10:00:00Z',
      message_id: null,
    });
    expectRowMatchesTable(row, REJECTED_EVENTS_TABLE);
  });
});
