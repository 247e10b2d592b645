import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { serializeKnowledgeCsv } from '../../shared/src/core/knowledge/validate-knowledge-csv';
import { toBigQuerySchema } from '../../shared/src/core/schema/bigquery-json';
import { KNOWLEDGE_BASE_TABLE } from '../../shared/src/core/schema/tables';
import type { KnowledgeEntry } from '../../shared/src/core/knowledge/knowledge-entry';
import { storeCommands } from '../../cli/runtime/store-commands';
import { takeStoreOption } from '../../cli/store-option';
import { commandIo } from '../helpers/command-io';
import type { RecordedRequest, ScriptedResponse } from '../helpers/fake-gcp-server';
import { IAM_RUNBOOK, RATE_LIMIT_ENTRY, SCHEMA_ENTRY } from '../helpers/knowledge-fixtures';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const PROJECT = 'ops-prod';
const DATASET = 'flexiroaster_prod';
const TABLE_PATH = `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/knowledge_base`;
const JOBS_PATH = `/bigquery/v2/projects/${PROJECT}/jobs`;
const QUERIES_PATH = `/bigquery/v2/projects/${PROJECT}/queries`;
const NOW = '2026-11-21T10:00:00.000Z';

function tableRow(entry: KnowledgeEntry): { f: Array<{ v: string }> } {
  const micros = `${new Date(NOW).getTime()}000`;
  const values: Record<string, string> = {
    id: entry.id,
    knowledge_type: entry.knowledgeType,
    category: entry.category,
    source_system: entry.sourceSystem,
    title: entry.title,
    error_pattern: entry.errorPattern,
    resolution: entry.resolution,
    recommended_strategy: entry.recommendedStrategy,
    source_url: entry.sourceUrl,
    confidence: String(entry.confidence),
    success_count: String(entry.successCount),
    failure_count: String(entry.failureCount),
    created_at: micros,
    updated_at: micros,
  };
  return { f: KNOWLEDGE_BASE_TABLE.fields.map((field) => ({ v: values[field.name] as string })) };
}

const tableResource: ScriptedResponse = {
  json: { kind: 'bigquery#table', tableReference: { projectId: PROJECT, datasetId: DATASET, tableId: 'knowledge_base' }, schema: { fields: toBigQuerySchema(KNOWLEDGE_BASE_TABLE) } },
};

/** jobs.query answers at once (jobComplete) with rows typed by the schema it returns. */
function queryAnswer(fields: Array<{ name: string; type: string }>, rows: string[][]): (request: RecordedRequest) => ScriptedResponse {
  return () => ({
    json: {
      kind: 'bigquery#queryResponse',
      jobComplete: true,
      jobReference: { projectId: PROJECT, jobId: 'job-report', location: 'EU' },
      schema: { fields: fields.map((field) => ({ ...field, mode: 'NULLABLE' })) },
      totalRows: String(rows.length),
      rows: rows.map((row) => ({ f: row.map((v) => ({ v })) })),
    },
  });
}

describe('the CLI on the deployment\'s BigQuery dataset (FLEXIROASTER_STORE=bigquery / --store bigquery)', () => {
  const gcp = offlineGcp({ strictRoutes: true });
  let dir: string;
  const environment = { FLEXIROASTER_PROJECT_ID: PROJECT, FLEXIROASTER_BQ_DATASET: DATASET, FLEXIROASTER_BQ_LOCATION: 'EU' };
  const commands = (env: NodeJS.ProcessEnv) =>
    storeCommands({
      environment: env,
      clock: { now: () => new Date(NOW) },
      bigquery: async (config) =>
        createBigQueryClient({ projectId: config.projectId as string, location: config.bigqueryLocation, apiEndpoint: gcp.server.baseUrl, authClient: new FixedTokenAuthClient(), maxRetries: 0 }),
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flexiroaster-bq-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('kb upload --store bigquery MERGEs the validated CSV into the dataset\'s knowledge_base and leaves no local database', async () => {
    gcp.server
      .on('POST', JOBS_PATH, (request) => {
        const body = request.json as { jobReference: Record<string, string>; configuration: unknown };
        return { json: { kind: 'bigquery#job', jobReference: body.jobReference, configuration: body.configuration, status: { state: 'RUNNING' } } };
      })
      .on('GET', /^\/bigquery\/v2\/projects\/ops-prod\/jobs\/[^/]+$/, (request) => ({
        json: {
          kind: 'bigquery#job',
          jobReference: { projectId: PROJECT, jobId: request.path.split('/').pop(), location: 'EU' },
          status: { state: 'DONE' },
          statistics: { creationTime: '1763719200000', query: { statementType: 'MERGE', numDmlAffectedRows: '3', dmlStats: { insertedRowCount: '3' } } },
        },
      }));
    const csv = join(dir, 'kb.csv');
    writeFileSync(csv, serializeKnowledgeCsv([RATE_LIMIT_ENTRY, IAM_RUNBOOK, SCHEMA_ENTRY]));
    const io = commandIo();

    const code = await commands({ ...environment, FLEXIROASTER_DUCKDB_PATH: join(dir, 'local.duckdb') }).kb(['upload', '--store', 'bigquery', csv], io);

    expect({ code, errors: io.errors() }).toEqual({ code: 0, errors: '' });
    const [insert] = gcp.server.requestsTo('POST', JOBS_PATH);
    const job = insert?.json as { jobReference: { location: string }; configuration: { query: { query: string; queryParameters: unknown[] } } };
    expect(job.jobReference.location).toBe('EU');
    expect(job.configuration.query.query).toMatch(/^MERGE `knowledge_base` AS target/);
    expect(job.configuration.query).toMatchObject({ defaultDataset: { projectId: PROJECT, datasetId: DATASET } });
    expect(JSON.stringify(job.configuration.query.queryParameters)).toContain(RATE_LIMIT_ENTRY.id);
    expect(() => readFileSync(join(dir, 'local.duckdb'))).toThrow();
  });

  it('kb list with FLEXIROASTER_STORE=bigquery reads the dataset\'s table (tabledata.list)', async () => {
    gcp.server.on('GET', TABLE_PATH, tableResource).on('GET', `${TABLE_PATH}/data`, { json: { kind: 'bigquery#tableDataList', totalRows: '2', rows: [tableRow(RATE_LIMIT_ENTRY), tableRow(IAM_RUNBOOK)] } });
    const io = commandIo();

    const code = await commands({ ...environment, FLEXIROASTER_STORE: 'bigquery' }).kb(['list', '--json'], io);

    expect({ code, errors: io.errors() }).toEqual({ code: 0, errors: '' });
    const ids = (JSON.parse(io.output()) as Array<{ id: string }>).map((entry) => entry.id);
    expect(ids.sort()).toEqual([IAM_RUNBOOK.id, RATE_LIMIT_ENTRY.id].sort());
  });

  it('report --store bigquery runs the report queries (jobs.query) on the dataset, deduplicating streamed rows', async () => {
    const answers: Array<[RegExp, ReturnType<typeof queryAnswer>]> = [
      [/GROUP BY source, status/, queryAnswer([{ name: 'source', type: 'STRING' }, { name: 'status', type: 'STRING' }, { name: 'events', type: 'INTEGER' }], [['dataflow', 'failed', '4'], ['dataflow', 'succeeded', '6']])],
      [/WHERE status = 'failed'/, queryAnswer([{ name: 'source', type: 'STRING' }, { name: 'pipeline_id', type: 'STRING' }, { name: 'failures', type: 'INTEGER' }, { name: 'last_failure_at', type: 'STRING' }, { name: 'last_error', type: 'STRING' }], [['dataflow', 'orders-backfill', '4', '2026-11-21T09:00:00.000Z', 'Workers OOM']])],
      [/GROUP BY category/, queryAnswer([{ name: 'category', type: 'STRING' }, { name: 'events', type: 'INTEGER' }], [['resource_exhaustion', '4']])],
      [/GROUP BY reason/, queryAnswer([{ name: 'reason', type: 'STRING' }, { name: 'inputs', type: 'INTEGER' }, { name: 'example', type: 'STRING' }], [['not_json', '2', 'payload is not JSON']])],
      [/GROUP BY strategy, status, autonomy, dry_run/, queryAnswer([{ name: 'strategy', type: 'STRING' }, { name: 'status', type: 'STRING' }, { name: 'autonomy', type: 'STRING' }, { name: 'dry_run', type: 'BOOLEAN' }, { name: 'decisions', type: 'INTEGER' }], [['scale_up_workers', 'dry_run', 'auto', 'true', '4']])],
      [/settled_at IS NOT NULL/, queryAnswer([{ name: 'pipeline_id', type: 'STRING' }, { name: 'category', type: 'STRING' }, { name: 'strategy', type: 'STRING' }, { name: 'status', type: 'STRING' }, { name: 'decided_at', type: 'STRING' }, { name: 'time_to_recover_ms', type: 'INTEGER' }, { name: 'reason', type: 'STRING' }], [])],
    ];
    gcp.server.on('POST', QUERIES_PATH, (request) => {
      const sql = (request.json as { query: string }).query;
      const answer = answers.find(([pattern]) => pattern.test(sql));
      if (answer === undefined) throw new Error(`unexpected query ${request.bodyText}`);
      return answer[1](request);
    });
    const io = commandIo();

    const code = await commands(environment).report(['--store', 'bigquery', '--json'], io);

    expect({ code, errors: io.errors() }).toEqual({ code: 0, errors: '' });
    const report = JSON.parse(io.output()) as { totalEvents: number; topFailingPipelines: unknown[]; remediation: { decisions: unknown[] } };
    expect(report.totalEvents).toBe(10);
    expect(report.topFailingPipelines).toEqual([{ source: 'dataflow', pipelineId: 'orders-backfill', failures: 4, lastFailureAt: '2026-11-21T09:00:00.000Z', lastError: 'Workers OOM' }]);
    expect(report.remediation.decisions).toEqual([{ strategy: 'scale_up_workers', status: 'dry_run', autonomy: 'auto', dryRun: true, decisions: 4 }]);
    const queries = gcp.server.requestsTo('POST', QUERIES_PATH).map((request) => request.json as { query: string; useLegacySql: boolean; location: string });
    expect(queries).toHaveLength(6);
    for (const query of queries) {
      expect(query).toMatchObject({ useLegacySql: false, location: 'EU' });
      expect(query.query).toContain(`\`${PROJECT}.${DATASET}.`);
      expect(query.query).toMatch(/QUALIFY ROW_NUMBER\(\) OVER \(PARTITION BY (event_id|rejection_id|action_key)/);
    }
  });

  it('refuses an unknown store and a bigquery store without a project, naming the setting', async () => {
    const bad = commandIo();
    expect(await commands(environment).report(['--store', 'postgres'], bad)).toBe(2);
    expect(bad.errors()).toBe('--store must be duckdb or bigquery, got "postgres"\n');
    await expect(commands({}).kb(['list', '--store', 'bigquery'], commandIo())).rejects.toThrow(/FLEXIROASTER_PROJECT_ID/);
  });

  // Last: training takes seconds, and the fake server drops keep-alive sockets idle that long.
  it('train --from-store --store bigquery trains on the dataset\'s knowledge base', async () => {
    gcp.server.on('GET', TABLE_PATH, tableResource).on('GET', `${TABLE_PATH}/data`, { json: { kind: 'bigquery#tableDataList', totalRows: '3', rows: [tableRow(RATE_LIMIT_ENTRY), tableRow(IAM_RUNBOOK), tableRow(SCHEMA_ENTRY)] } });
    const out = join(dir, 'model.json');
    const io = commandIo();

    const code = await commands(environment).train(['--from-store', '--store=bigquery', '--out', out], io);

    expect({ code, errors: io.errors() }).toEqual({ code: 0, errors: '' });
    const artifact = JSON.parse(readFileSync(out, 'utf8')) as { knowledgeEntries: number; trainingWindow: { from: string; to: string } };
    expect(artifact.knowledgeEntries).toBe(3);
    expect(artifact.trainingWindow).toEqual({ from: NOW, to: NOW });
  });
});

describe('takeStoreOption', () => {
  it('takes --store VALUE and --store=VALUE out of the arguments, overriding FLEXIROASTER_STORE', () => {
    expect(takeStoreOption(['list', '--store', 'bigquery', '--json'], {})).toEqual({ store: 'bigquery', args: ['list', '--json'] });
    expect(takeStoreOption(['--store=duckdb'], { FLEXIROASTER_STORE: 'bigquery' })).toEqual({ store: 'duckdb', args: [] });
    expect(takeStoreOption(['list'], { FLEXIROASTER_STORE: 'bigquery' })).toEqual({ store: 'bigquery', args: ['list'] });
    expect(takeStoreOption(['list'], {})).toEqual({ store: 'duckdb', args: ['list'] });
    expect(() => takeStoreOption(['--store'], {})).toThrow('--store needs a value: duckdb or bigquery');
  });
});
