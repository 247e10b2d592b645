import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadArtifactClassifier } from '../../../shared/src/adapters/model/artifact-file';
import { SHIPPED_MODEL_PATH } from '../../../shared/src/adapters/model/shipped-model';
import { DuckDbDatabase } from '../../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbEventStore } from '../../../shared/src/adapters/duckdb/duckdb-event-store';
import { DuckDbSignatureLedgerStore } from '../../../shared/src/adapters/duckdb/duckdb-signature-ledger-store';
import { IngestService } from '../../../shared/src/core/ingest/ingest-service';
import { consolidateFleetSignatures } from '../../../shared/src/core/signature-ledger/consolidate-fleet';
import { MemoryLogger } from '../../helpers/memory-logger';

const FIXTURE = JSON.parse(readFileSync(join(__dirname, '../../fixtures/log-entries/workflows/system-log-execution-failed.json'), 'utf8')) as Record<string, unknown>;
const clock = { now: () => new Date('2026-11-21T10:00:00.000Z') };

/** The fixture's Workflows failure with another exception text, execution and insertId. */
function failedExecution(index: number, service: string): { messageId: string; attributes: Record<string, string>; base64Data: string } {
  const payload = FIXTURE.jsonPayload as Record<string, unknown>;
  const entry = {
    ...FIXTURE,
    insertId: `fleet-${index}`,
    labels: { ...(FIXTURE.labels as Record<string, string>), 'workflows.googleapis.com/execution_id': `exec-${index}` },
    jsonPayload: { ...payload, failure: { exception: `ConnectionError: connection to service ${service} closed by peer during export`, source: 'export_to_gcs' } },
  };
  return { messageId: `m-${index}`, attributes: {}, base64Data: Buffer.from(JSON.stringify(entry)).toString('base64') };
}

describe('fleet signatures through the ingest path', () => {
  let dir: string;
  let database: DuckDbDatabase;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleet-ingest-'));
    database = await DuckDbDatabase.open(join(dir, 'fleet.duckdb'));
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two instances store ids that do not group; after consolidation every stored id maps to one canonical signature', async () => {
    const ledger = await DuckDbSignatureLedgerStore.open(database);
    const instance = async (instanceId: string): Promise<IngestService> =>
      new IngestService({
        store: new DuckDbEventStore(database, clock),
        classifier: await loadArtifactClassifier(SHIPPED_MODEL_PATH),
        logger: new MemoryLogger(),
        clock,
        signatureLedger: { store: ledger, instanceId },
      });
    const [a, b] = [await instance('instance-a'), await instance('instance-b')];
    const services = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    for (const [index, service] of services.entries()) await (index < 3 ? a : b).ingest(failedExecution(index, service));

    const stored = await database.read(async (connection) => (await connection.runAndReadAll('SELECT signature_id FROM pipeline_events ORDER BY insert_id')).getRowObjectsJS());
    const ids = stored.map((row) => String(row.signature_id));
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);

    const result = await consolidateFleetSignatures(ledger, clock);
    expect(result).toMatchObject({ instances: 2, canonicalSignatures: 1 });
    const canonical = await ledger.latestCanonical();
    expect(new Set(ids.map((id) => canonical.get(id)))).toEqual(new Set([expect.stringMatching(/^sig_[0-9a-f]{16}$/)]));
  });
});
