import { ConfigError } from '../../../shared/src/core/domain/errors';
import type { JsonObject } from '../../../shared/src/core/domain/log-entry';
import { checkBigQueryRerun } from '../../../shared/src/core/remediation/bigquery-rerun-policy';
import { parseRemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';
import type { BigQueryRegistration } from '../../../shared/src/core/remediation/config/registration';
import type { OriginalBigQueryJob } from '../../../shared/src/core/remediation/ports';
import { parseRemediationRequest } from '../../../shared/src/core/remediation/remediation-request-codec';
import { classifySql } from '../../../shared/src/core/remediation/sql-statements';
import { harness, ORDERS_PIPELINE, request } from '../../helpers/remediation-fakes';

const LIVE = { dryRun: false, plans: { network_timeout: ['retry_bigquery_job', 'escalate'] } };
const OWNER = 'orders-etl@acme-data.iam.gserviceaccount.com';
const REGISTERED: BigQueryRegistration = { allowedStatementTypes: ['SELECT', 'INSERT', 'MERGE', 'DELETE', 'LOAD'], destinationTables: ['acme-data.sales.orders', 'acme-data.staging.*'], principals: [OWNER] };
const registeredConfig = (bigquery: unknown = REGISTERED) => ({ ...LIVE, pipelines: { [ORDERS_PIPELINE]: { source: 'bigquery', bigquery } } });
const query = (sql: string, extra: JsonObject = {}): OriginalBigQueryJob => ({ configuration: { query: { query: sql, useLegacySql: false, ...extra } }, referencedTables: [], principal: OWNER });

describe('BigQuery reruns under the remediation account', () => {
  it('never takes SQL from the request: a crafted GRANT/DELETE in the message is ignored and jobs.get decides', async () => {
    const h = await harness(registeredConfig());
    h.jobs.jobs.set('bquxjob_1a2b3c', query('SELECT * FROM `acme-data.sales.orders`'));
    const crafted = { ...request('network_timeout'), jobConfiguration: { query: { query: 'GRANT `roles/bigquery.admin` ON SCHEMA sales TO "user:mallory@evil.example"; DELETE FROM sales.orders WHERE TRUE' } } };
    delete (crafted as { originalJob?: unknown }).originalJob;
    // The wire format does not carry it either.
    expect(parseRemediationRequest(JSON.parse(JSON.stringify(crafted)))).not.toHaveProperty('jobConfiguration');
    const decision = await h.service.handle(crafted);
    expect(decision.strategy).toBe('retry_bigquery_job');
    expect(h.jobs.asked).toEqual([{ projectId: 'acme-data', location: 'US', jobId: 'bquxjob_1a2b3c' }]);
    const [rerun] = h.executors.callsOf('bigquery.rerun_job');
    expect(rerun).toMatchObject({ configuration: { query: { query: 'SELECT * FROM `acme-data.sales.orders`' } } });
  });

  it('also ignores an originalJob smuggled into the request', async () => {
    const h = await harness(registeredConfig());
    const smuggled = request('network_timeout', {}, { originalJob: query('DELETE FROM `acme-data.sales.orders` WHERE TRUE') });
    h.jobs.jobs.set('bquxjob_1a2b3c', query('INSERT INTO sales.orders SELECT * FROM staging.orders'));
    await h.service.handle(smuggled);
    expect(h.executors.callsOf('bigquery.rerun_job')[0]).toMatchObject({ configuration: { query: { query: 'INSERT INTO sales.orders SELECT * FROM staging.orders' } } });
  });

  it("re-runs no job of an unregistered pipeline (another user's failed job), escalating with the reason", async () => {
    const h = await harness({ ...LIVE, pipelines: { [ORDERS_PIPELINE]: { source: 'bigquery' } }, notification: { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' } });
    const decision = await h.service.handle(request('network_timeout', { pipelineId: ORDERS_PIPELINE }));
    expect(decision.strategy).toBe('escalate');
    expect(decision.explanation.considered[0]).toMatchObject({ strategy: 'retry_bigquery_job', verdict: 'not_applicable', why: expect.stringMatching(/no BigQuery registration/) });
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it.each([
    ['a GRANT', 'GRANT `roles/bigquery.dataViewer` ON TABLE sales.orders TO "user:mallory@evil.example"', /GRANT statement: access control is never re-run/],
    ['a REVOKE hidden after a comment', "SELECT 1 /* harmless */; REVOKE `roles/bigquery.dataOwner` ON SCHEMA sales FROM 'group:owners@acme.example'", /REVOKE/],
    ['a DELETE outside the registered destinations', 'DELETE FROM `acme-data.finance.ledger` WHERE TRUE', /writes acme-data\.finance\.ledger/],
    ['a DROP TABLE (DDL not allowed)', 'DROP TABLE sales.orders', /DROP_TABLE is not among/],
    ['dynamic SQL', "EXECUTE IMMEDIATE 'DROP TABLE sales.orders'", /cannot be checked/],
    ['a procedure call', 'CALL sales.rebuild()', /cannot be checked/],
    ['an unterminated string that could hide a statement', "SELECT 'abc; GRANT", /cannot be checked/],
  ])('refuses %s', async (_label, sql, why) => {
    const h = await harness(registeredConfig());
    h.jobs.jobs.set('bquxjob_1a2b3c', query(sql));
    const decision = await h.service.handle(request('network_timeout'));
    expect(decision.strategy).toBe('escalate');
    expect(decision.explanation.considered[0]?.why).toMatch(why);
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it('runs allowed DML into registered tables and records who ran the original job', async () => {
    const h = await harness(registeredConfig());
    h.jobs.jobs.set('bquxjob_1a2b3c', { ...query("MERGE sales.orders o USING staging.orders_delta d ON o.id = d.id WHEN MATCHED THEN UPDATE SET o.note = 'a;b'"), statementType: 'MERGE' });
    const decision = await h.service.handle(request('network_timeout'));
    expect(decision.status).toBe('submitted');
    const record = await h.store.getRecord(decision.actionKey as string);
    expect(JSON.parse(record?.action ?? '{}')).toMatchObject({ kind: 'bigquery.rerun_job', originalPrincipal: OWNER });
    expect(decision.explanation.considered[0]?.why).toContain(`originally run by ${OWNER}`);
  });

  it('refuses a job run by someone other than the registered principals', () => {
    expect(checkBigQueryRerun({ ...query('SELECT 1'), principal: 'mallory@evil.example' }, REGISTERED, 'acme-data')).toEqual({ allowed: false, why: expect.stringMatching(/run by mallory@evil\.example/) });
  });

  it("refuses when BigQuery's statementType disagrees with the text, and a SELECT whose destination table is not registered", () => {
    expect(checkBigQueryRerun({ ...query('SELECT 1'), statementType: 'DELETE' }, REGISTERED, 'acme-data')).toMatchObject({ allowed: false, why: expect.stringMatching(/statement type DELETE/) });
    const toLedger = query('SELECT 1', { destinationTable: { projectId: 'acme-data', datasetId: 'finance', tableId: 'ledger' } });
    expect(checkBigQueryRerun(toLedger, REGISTERED, 'acme-data')).toMatchObject({ allowed: false, why: expect.stringMatching(/writes acme-data\.finance\.ledger/) });
    const toStaging = query('SELECT 1', { destinationTable: { projectId: 'acme-data', datasetId: 'staging', tableId: 'daily' } });
    expect(checkBigQueryRerun(toStaging, REGISTERED, 'acme-data')).toMatchObject({ allowed: true });
  });

  it('checks load jobs by their destination table', () => {
    const load = (table: string): OriginalBigQueryJob => ({ configuration: { load: { sourceUris: ['gs://x/*.csv'], destinationTable: { projectId: 'acme-data', datasetId: 'sales', tableId: table } } }, referencedTables: [], principal: OWNER });
    expect(checkBigQueryRerun(load('orders'), REGISTERED, 'acme-data')).toMatchObject({ allowed: true });
    expect(checkBigQueryRerun(load('refunds'), REGISTERED, 'acme-data')).toMatchObject({ allowed: false });
  });

  it('refuses GRANT/REVOKE in a registration, naming the field', () => {
    expect(() => parseRemediationConfig(registeredConfig({ allowedStatementTypes: ['SELECT', 'GRANT'], destinationTables: [] }))).toThrow(ConfigError);
    expect(() => parseRemediationConfig(registeredConfig({ allowedStatementTypes: ['SELECT', 'GRANT'], destinationTables: [] }))).toThrow(/allowedStatementTypes: GRANT is access control/);
  });
});

describe('SQL statement classifier', () => {
  it('sees through comments and strings, and names the written table', () => {
    expect(classifySql("-- GRANT\nINSERT INTO `acme-data`.sales.orders (a) VALUES ('x; DROP TABLE y') # trailing")).toEqual([{ type: 'INSERT', target: 'acme-data.sales.orders', head: expect.any(String) }]);
    expect(classifySql("SELECT r'\\'; GRANT'")).toEqual([{ type: 'UNKNOWN', head: 'unterminated string or comment' }]);
    expect(classifySql('WITH a AS (SELECT 1) SELECT * FROM a').map((s) => s.type)).toEqual(['SELECT']);
    expect(classifySql('CREATE OR REPLACE TABLE sales.t AS SELECT 1').map((s) => [s.type, s.target])).toEqual([['CREATE_TABLE_AS_SELECT', 'sales.t']]);
    expect(classifySql('create row access policy p on sales.orders grant to ("user:a@b.c") filter using (true)').map((s) => s.type)).toEqual(['CREATE_ROW_ACCESS_POLICY']);
  });
});
