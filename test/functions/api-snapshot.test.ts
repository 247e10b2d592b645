import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { createApi, type ApiDependencies } from '../../functions/api/app';
import { AccessControl } from '../../functions/http/access-control';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbRunStore } from '../../shared/src/adapters/duckdb/duckdb-run-store';
import { DuckDbSnapshotReader } from '../../shared/src/adapters/duckdb/duckdb-snapshot-reader';
import { parseAccessPolicy } from '../../shared/src/core/access/roles';
import { TransientStoreError } from '../../shared/src/core/domain/errors';
import { SnapshotService } from '../../shared/src/core/health/snapshot-service';
import { GoogleTokenIssuer } from '../helpers/google-token-issuer';
import { MemoryLogger } from '../helpers/memory-logger';
import { guardNetwork, type NetworkGuard } from '../helpers/network-guard';
import { finishedRun } from '../helpers/run-records';

const API_URL = 'https://flexiroaster-api-123.europe-west1.run.app';
const clock = { now: () => new Date('2026-11-21T12:00:00.000Z') };
let database: DuckDbDatabase;
let issuer: GoogleTokenIssuer;
let guard: NetworkGuard;
let counter = 0;

beforeAll(async () => {
  guard = guardNetwork();
  issuer = await GoogleTokenIssuer.start();
  database = await DuckDbDatabase.open(':memory:');
  const runs = new DuckDbRunStore(database, clock);
  await runs.fold(finishedRun('r1', '2026-11-20T03:00:00Z', 40 * 60_000));
  await runs.fold(finishedRun('r2', '2026-11-21T03:00:00Z', 45 * 60_000, { status: 'failed', failedStages: ['load'], errorSignatures: ['sig-1'] }));
  await runs.fold(finishedRun('x1', '2026-11-21T05:00:00Z', 60_000, { pipelineId: 'orders/eu west', source: 'bigquery' }));
});

afterAll(async () => {
  await database.close();
  await issuer.close();
  guard.restore();
  expect(guard.blocked).toEqual([]);
});

/** The real api handler behind the Functions Framework test server, under a fresh name per test. */
function server(deps: Partial<ApiDependencies> = {}) {
  counter += 1;
  const name = `api-test-${counter}`;
  const dependencies: ApiDependencies = { snapshots: new SnapshotService(new DuckDbSnapshotReader(database), clock), ...deps };
  http(name, createApi(async () => dependencies, new MemoryLogger()));
  return getTestServer(name);
}

describe('api function: pipeline health routes', () => {
  it('GET /pipelines lists every pipeline with its last status and 24 h counts', async () => {
    const response = await request(server()).get('/pipelines').expect(200);
    expect(response.body.pipelines).toEqual([
      { pipelineId: 'orders/eu west', source: 'bigquery', lastRunStatus: 'succeeded', lastRunAt: '2026-11-21T05:00:00.000Z', runs24h: 1, failures24h: 0, openRemediation: 0, anomalies24h: 0 },
      { pipelineId: 'orders_daily', source: 'composer', lastRunStatus: 'failed', lastRunAt: '2026-11-21T03:00:00.000Z', runs24h: 1, failures24h: 1, openRemediation: 0, anomalies24h: 0 },
    ]);
  });

  it('GET /pipelines/{id}/snapshot returns the same snapshot the CLI prints (URL-encoded ids too)', async () => {
    const response = await request(server()).get('/pipelines/orders_daily/snapshot').expect(200);
    const direct = await new SnapshotService(new DuckDbSnapshotReader(database), clock).snapshot('orders_daily');
    expect(response.body).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(response.body).toMatchObject({ pipelineId: 'orders_daily', health: 'failing', failures: { lastDay: 1 }, stageFailures: [{ stageId: 'load', runs: 1 }], risk: null });
    await request(server()).get(`/pipelines/${encodeURIComponent('orders/eu west')}/snapshot`).expect(200);
  });

  it('answers 404 for an unknown pipeline or route and 405 for a wrong method', async () => {
    expect((await request(server()).get('/pipelines/nope/snapshot').expect(404)).body.error).toMatch(/no runs stored for pipeline "nope"/);
    await request(server()).get('/nowhere').expect(404);
    const wrong = await request(server()).post('/pipelines').expect(405);
    expect(wrong.headers.allow).toBe('GET');
  });

  it('answers 503 with Retry-After when the store is unavailable', async () => {
    const failing = new SnapshotService(
      {
        readSnapshotInput: async () => {
          throw new TransientStoreError('database locked');
        },
        listPipelines: async () => [],
      },
      clock,
    );
    const response = await request(server({ snapshots: failing })).get('/pipelines/orders_daily/snapshot').expect(503);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('lets a viewer read and refuses a caller without a verified token or role', async () => {
    const access = new AccessControl({
      verifier: issuer.verifier({ idTokenAudiences: [API_URL] }),
      policy: parseAccessPolicy({ grants: [{ member: 'user:vera@acme.example', role: 'viewer' }] }),
    });
    const app = server({ access });
    await request(app).get('/pipelines').expect(401);
    await request(app).get('/pipelines').set('authorization', `Bearer ${issuer.idToken({ email: 'mallory@acme.example', aud: API_URL })}`).expect(403);
    await request(app).get('/pipelines').set('authorization', `Bearer ${issuer.idToken({ email: 'vera@acme.example', aud: API_URL })}`).expect(200);
  });
});
