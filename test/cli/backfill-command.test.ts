import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { storeCommands } from '../../cli/runtime/store-commands';
import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { logEntryFromExportedRow } from '../../shared/src/core/backfill/exported-log-row';
import type { LogEntry } from '../../shared/src/core/domain/log-entry';
import { normalizeLogEntry } from '../../shared/src/core/normalize';
import { commandIo } from '../helpers/command-io';
import type { ScriptedResponse } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const ROOT = resolve(__dirname, '..', '..');
const PROJECT = 'analytics-prod';
const EXPORT = 'logs_export';
const TABLES_PATH = `/bigquery/v2/projects/${PROJECT}/datasets/${EXPORT}/tables`;
const QUERIES_PATH = `/bigquery/v2/projects/${PROJECT}/queries`;
const NOW = '2026-11-25T00:00:00.000Z';

const fixture = (path: string): LogEntry => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'log-entries', path), 'utf8')) as LogEntry;
const DATAFLOW = fixture('dataflow/job-message-workflow-failed-stage.json');
const BIGQUERY = fixture('bigquery/new-format-job-failed-access-denied.json');

/** The row a BigQuery log sink writes for an entry: audit logs under protopayload_auditlog, metadata as metadataJson text. */
function exportedRow(entry: LogEntry): Record<string, unknown> {
  const { protoPayload, ...rest } = entry as LogEntry & { protoPayload?: Record<string, unknown> };
  if (protoPayload === undefined) return rest;
  const { '@type': _type, metadata, ...audit } = protoPayload;
  return { ...rest, protopayload_auditlog: { ...audit, ...(metadata === undefined ? {} : { metadataJson: JSON.stringify(metadata) }) } };
}

type Field = { name: string; type: string; mode: string; fields?: Field[] };

/** Schema and f/v cells for rows as tabledata/jobs.query return them (TIMESTAMP as int64 microseconds). */
function encode(rows: Array<Record<string, unknown>>): { schema: Field[]; rows: unknown[] } {
  const fieldsOf = (values: Array<Record<string, unknown>>): Field[] => {
    const names = [...new Set(values.flatMap((value) => Object.keys(value)))].sort();
    return names.map((name) => {
      const sample = values.map((value) => value[name]).find((item) => item !== undefined && item !== null);
      if (name === 'timestamp' || name === 'receiveTimestamp') return { name, type: 'TIMESTAMP', mode: 'NULLABLE' };
      if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
        return { name, type: 'RECORD', mode: 'NULLABLE', fields: fieldsOf(values.map((value) => (value[name] ?? {}) as Record<string, unknown>)) };
      }
      if (Array.isArray(sample)) return { name, type: 'STRING', mode: 'REPEATED' };
      return { name, type: typeof sample === 'boolean' ? 'BOOLEAN' : 'STRING', mode: 'NULLABLE' };
    });
  };
  const cell = (field: Field, value: unknown): unknown => {
    if (value === undefined || value === null) return { v: null };
    if (field.type === 'TIMESTAMP') return { v: `${Date.parse(value as string)}000` };
    if (field.type === 'RECORD') return { v: { f: (field.fields ?? []).map((nested) => cell(nested, (value as Record<string, unknown>)[nested.name])) } };
    if (field.mode === 'REPEATED') return { v: (value as unknown[]).map((item) => ({ v: typeof item === 'string' ? item : JSON.stringify(item) })) };
    return { v: String(value) };
  };
  const schema = fieldsOf(rows);
  return { schema, rows: rows.map((row) => ({ f: schema.map((field) => cell(field, row[field.name])) })) };
}

function queryAnswer(rows: Array<Record<string, unknown>>): ScriptedResponse {
  const { schema, rows: encoded } = encode(rows);
  return { json: { kind: 'bigquery#queryResponse', jobComplete: true, jobReference: { projectId: PROJECT, jobId: 'backfill', location: 'US' }, schema: { fields: schema }, totalRows: String(rows.length), rows: encoded } };
}

describe('flexiroaster backfill --from-bigquery-export (log sink tables -> normalise -> classify -> store, no remediation)', () => {
  const gcp = offlineGcp({ strictRoutes: true });
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flexiroaster-backfill-'));
    gcp.server.on('GET', TABLES_PATH, {
      json: {
        kind: 'bigquery#tableList',
        tables: ['cloudaudit_googleapis_com_data_access', 'dataflow_googleapis_com_job_message'].map((tableId) => ({ kind: 'bigquery#table', id: `${PROJECT}:${EXPORT}.${tableId}`, tableReference: { projectId: PROJECT, datasetId: EXPORT, tableId } })),
      },
    });
    gcp.server.on('POST', QUERIES_PATH, (request) => {
      const sql = (request.json as { query: string }).query;
      if (sql.includes('cloudaudit_googleapis_com_data_access')) return queryAnswer([exportedRow(BIGQUERY)]);
      if (sql.includes('dataflow_googleapis_com_job_message')) return queryAnswer([exportedRow(DATAFLOW), { logName: 'projects/x/logs/broken' }]);
      throw new Error(`unexpected query ${sql}`);
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    const io = commandIo();
    const commands = storeCommands({
      environment: { FLEXIROASTER_DUCKDB_PATH: join(dir, 'history.duckdb') },
      clock: { now: () => new Date(NOW) },
      bigquery: async (config) => createBigQueryClient({ projectId: config.projectId as string, apiEndpoint: gcp.server.baseUrl, authClient: new FixedTokenAuthClient(), maxRetries: 0 }),
    });
    // Options given by a test come first: the command reads the first occurrence of each.
    return commands.backfill([...args, '--from-bigquery-export', EXPORT, '--project', PROJECT, '--since', '7d', '--checkpoint', join(dir, 'checkpoint.json')], io).then((code) => ({ code, out: io.output(), err: io.errors() }));
  };

  it('stores each exported row as the event the live sink would have produced, records unreadable rows, and checkpoints', async () => {
    const first = await run([]);

    expect(first).toEqual({ code: 0, err: '', out: expect.stringMatching(/: 3 rows read, 2 events stored, 0 already stored, 1 rejected; checkpoint 2026-11-21T/) });
    const queries = gcp.server.requestsTo('POST', QUERIES_PATH).map((request) => request.json as { query: string; queryParameters: Array<{ name: string; parameterValue: { value: string } }> });
    expect(queries.map((q) => q.query)).toEqual([
      `SELECT * FROM \`${PROJECT}.${EXPORT}.cloudaudit_googleapis_com_data_access\` WHERE timestamp >= @since ORDER BY timestamp`,
      `SELECT * FROM \`${PROJECT}.${EXPORT}.dataflow_googleapis_com_job_message\` WHERE timestamp >= @since ORDER BY timestamp`,
    ]);
    expect(queries[0]?.queryParameters[0]?.parameterValue.value).toMatch(/^2026-11-18T00:00:00/);
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { source: string; lastTimestamp: string };
    expect(checkpoint.source).toBe(`bigquery-export:${PROJECT}.${EXPORT}`);
  });

  it('adds nothing on a second run with the same checkpoint, and starts reading at the checkpoint', async () => {
    await run([]);
    gcp.server.reset();
    gcp.server.on('GET', TABLES_PATH, { json: { kind: 'bigquery#tableList', tables: [{ kind: 'bigquery#table', id: `${PROJECT}:${EXPORT}.dataflow_googleapis_com_job_message`, tableReference: { projectId: PROJECT, datasetId: EXPORT, tableId: 'dataflow_googleapis_com_job_message' } }] } });
    gcp.server.on('POST', QUERIES_PATH, queryAnswer([exportedRow(DATAFLOW)]));

    const second = await run([]);

    expect(second.out).toMatch(/: 1 rows read, 0 events stored, 1 already stored, 0 rejected/);
    const [query] = gcp.server.requestsTo('POST', QUERIES_PATH).map((request) => request.json as { queryParameters: Array<{ parameterValue: { value: string } }> });
    expect(query?.queryParameters[0]?.parameterValue.value).toMatch(/^2026-11-21T0/);
  });

  it('refuses --from-logging plainly and a bad --since with its value', async () => {
    expect(await run(['--from-logging'])).toMatchObject({ code: 2, err: expect.stringContaining('--from-logging is not available in this version') });
    expect(await run(['--since', 'last week'])).toMatchObject({ code: 2, err: '--since must be like 30d, 12h, 90m or an RFC 3339 timestamp, got "last week"\n' });
    expect(gcp.server.requests).toEqual([]);
  });
});

describe('logEntryFromExportedRow', () => {
  it.each([
    ['a Dataflow job message (textPayload)', DATAFLOW],
    ['a BigQuery audit log (protopayload_auditlog with metadataJson)', BIGQUERY],
  ])('turns the exported row of %s back into an entry that normalises to the same event', (_name, entry) => {
    const original = normalizeLogEntry(entry);
    const restored = normalizeLogEntry(logEntryFromExportedRow(exportedRow(entry)));
    expect(restored.ok && original.ok).toBe(true);
    if (!restored.ok || !original.ok) return;
    expect(restored.event).toEqual(original.event);
  });
});
