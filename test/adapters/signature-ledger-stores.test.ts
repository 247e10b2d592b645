import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQuerySignatureLedgerStore } from '../../shared/src/adapters/bigquery/bigquery-signature-ledger-store';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbSignatureLedgerStore } from '../../shared/src/adapters/duckdb/duckdb-signature-ledger-store';
import { toBigQuerySchema } from '../../shared/src/core/schema/bigquery-json';
import { SIGNATURE_ALIASES_TABLE } from '../../shared/src/core/schema/tables';
import { toSignatureAliasRow } from '../../shared/src/core/signature-ledger/ledger-rows';
import type { RecordedSignature } from '../../shared/src/core/signature-ledger/signature-ledger-store';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const HANDED_OUT: RecordedSignature = { instanceId: 'i-1', signatureId: 'sig_aaaa', template: 'Deleted blk_1', aliasOf: null, recordedAt: '2026-12-01T08:00:00.000Z' };
const GENERALISED: RecordedSignature = { instanceId: 'i-1', signatureId: 'sig_aaaa', template: 'Deleted blk_1', aliasOf: 'sig_bbbb', recordedAt: '2026-12-01T08:05:00.000Z' };

describe('DuckDbSignatureLedgerStore', () => {
  let dir: string;
  let database: DuckDbDatabase;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    database = await DuckDbDatabase.open(join(dir, 'ledger.duckdb'));
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a row recorded twice once, reads rows back in recording order, and answers the newest canonical id', async () => {
    const store = await DuckDbSignatureLedgerStore.open(database);
    await store.recordLearned([HANDED_OUT, GENERALISED]);
    await store.recordLearned([HANDED_OUT]);
    expect(await store.readLearned()).toEqual([HANDED_OUT, GENERALISED]);
    await store.saveCanonical([{ signatureId: 'sig_aaaa', canonicalId: 'sig_old', template: 'Deleted <*>' }], '2026-12-01T09:00:00.000Z');
    await store.saveCanonical([{ signatureId: 'sig_aaaa', canonicalId: 'sig_new', template: 'Deleted <*>' }], '2026-12-02T09:00:00.000Z');
    expect(await store.latestCanonical()).toEqual(new Map([['sig_aaaa', 'sig_new']]));
  });
});

describe('BigQuerySignatureLedgerStore against the BigQuery REST contract', () => {
  const PROJECT = 'ops-prod';
  const TABLES = `/bigquery/v2/projects/${PROJECT}/datasets/flexiroaster/tables`;
  const gcp = offlineGcp({ strictRoutes: true });
  let store: BigQuerySignatureLedgerStore;
  beforeEach(() => {
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: gcp.server.baseUrl, authClient: new FixedTokenAuthClient(), maxRetries: 0 });
    store = new BigQuerySignatureLedgerStore({ client, datasetId: 'flexiroaster' });
  });

  it('streams each learned row to signature_aliases/insertAll with its row id as insertId', async () => {
    gcp.server.on('POST', `${TABLES}/signature_aliases/insertAll`, { json: { kind: 'bigquery#tableDataInsertAllResponse' } });
    await store.recordLearned([GENERALISED]);
    const [request] = gcp.server.requestsTo('POST', `${TABLES}/signature_aliases/insertAll`);
    const row = toSignatureAliasRow(GENERALISED);
    expect(request?.json).toMatchObject({ rows: [{ insertId: row.row_id, json: { ...row, recorded_at: '2026-12-01T08:05:00Z' } }] });
  });

  it('reads the recorded rows with tabledata.list and drops a row BigQuery kept twice', async () => {
    const micros = (iso: string): string => `${new Date(iso).getTime()}000`;
    const cells = (recorded: RecordedSignature) => {
      const row = toSignatureAliasRow(recorded);
      return { f: SIGNATURE_ALIASES_TABLE.fields.map((field) => ({ v: field.name === 'recorded_at' ? micros(recorded.recordedAt) : (row[field.name] ?? null) })) };
    };
    gcp.server
      .on('GET', `${TABLES}/signature_aliases`, { json: { kind: 'bigquery#table', schema: { fields: toBigQuerySchema(SIGNATURE_ALIASES_TABLE) } } })
      .on('GET', `${TABLES}/signature_aliases/data`, { json: { kind: 'bigquery#tableDataList', totalRows: '3', rows: [cells(HANDED_OUT), cells(GENERALISED), cells(GENERALISED)] } });
    expect(await store.readLearned()).toEqual([HANDED_OUT, GENERALISED]);
  });
});
