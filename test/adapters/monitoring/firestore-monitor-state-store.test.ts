import { Firestore } from '@google-cloud/firestore';
import { FirestoreMonitorStateStore } from '../../../shared/src/adapters/monitoring/firestore-monitor-state-store';
import { FirestoreGrpcFake } from '../../helpers/firestore-grpc-fake';
import { guardNetwork, type NetworkGuard } from '../../helpers/network-guard';
import { offlineAuthClient } from '../../helpers/offline-google-auth';

// The real client over gRPC against the in-memory Firestore service on 127.0.0.1 (firestore-grpc-fake.ts).
describe('FirestoreMonitorStateStore (real client, local Firestore gRPC fake)', () => {
  let guard: NetworkGuard;
  let fake: FirestoreGrpcFake;
  let firestore: Firestore;
  let suite = 0;
  const store = (): FirestoreMonitorStateStore => new FirestoreMonitorStateStore(firestore, `t${suite}`);

  beforeAll(async () => {
    guard = guardNetwork();
    fake = await FirestoreGrpcFake.start();
    firestore = new Firestore({ projectId: 'flexiroaster-test', host: fake.host, ssl: false, authClient: offlineAuthClient() });
  });
  afterAll(async () => {
    await firestore?.terminate();
    await fake?.stop();
    guard?.restore();
  });
  beforeEach(() => {
    suite += 1;
    fake.calls.length = 0;
  });
  afterEach(() => {
    expect(guard.blocked).toEqual([]);
  });

  const lagKey = 'clickstream-sessionize|dataflow_system_lag_s';
  const detectorState = { kind: 'flexiroaster.streaming-detector', version: 1, count: 42, seasonal: { offsets: [0.5, null, -1.25] } };

  it('has no checkpoint and no states before the first commit', async () => {
    await expect(store().readCheckpoint()).resolves.toBeNull();
    await expect(store().readSeriesStates([lagKey])).resolves.toEqual(new Map());
  });

  it('stores each series\' detector state and the checkpoint, and reads them back exactly', async () => {
    const record = { state: detectorState, lastTimestamp: '2026-11-21T06:09:00.000Z', updatedAt: '2026-11-21T06:10:00.000Z' };

    await store().commit({ checkpoint: '2026-11-21T06:10:00.000Z', states: new Map([[lagKey, record]]), dropUpdatedBefore: '2026-11-07T06:10:00.000Z' });

    await expect(store().readCheckpoint()).resolves.toBe('2026-11-21T06:10:00.000Z');
    await expect(store().readSeriesStates([lagKey, 'orders-backfill-batch|dataflow_vcpus'])).resolves.toEqual(new Map([[lagKey, record]]));
    // Document ids are the URI-encoded series key, so a pipeline id with "/" cannot split the path.
    const commits = fake.callsTo('Commit').map((call) => JSON.stringify(call.request));
    expect(commits.some((body) => body.includes(`t${suite}_monitor_series/clickstream-sessionize%7Cdataflow_system_lag_s`))).toBe(true);
    expect(commits.some((body) => body.includes('"expire_at"'))).toBe(true);
  });

  it('writes the checkpoint after every series state, so a tick that dies half-way never skips points', async () => {
    const states = new Map(Array.from({ length: 3 }, (_, index) => [`p${index}|m`, { state: {}, lastTimestamp: '', updatedAt: '2026-11-21T06:10:00.000Z' }]));

    await store().commit({ checkpoint: '2026-11-21T06:10:00.000Z', states, dropUpdatedBefore: '2026-11-07T06:10:00.000Z' });

    const writes = fake.callsTo('Commit').map((call) => JSON.stringify(call.request));
    expect(writes.at(-1)).toContain(`t${suite}_monitor/monitor`);
    expect(writes.slice(0, -1).every((body) => !body.includes(`t${suite}_monitor/monitor"`))).toBe(true);
  });

  it('drops series not updated within the retention period, keeping live ones', async () => {
    const old = { state: {}, lastTimestamp: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };
    await store().commit({ checkpoint: '2026-11-01T00:00:00.000Z', states: new Map([['gone|m', old], ['live|m', old]]), dropUpdatedBefore: '2026-10-18T00:00:00.000Z' });

    const live = { state: {}, lastTimestamp: '2026-11-21T06:09:00.000Z', updatedAt: '2026-11-21T06:10:00.000Z' };
    await store().commit({ checkpoint: '2026-11-21T06:10:00.000Z', states: new Map([['live|m', live]]), dropUpdatedBefore: '2026-11-07T06:10:00.000Z' });

    await expect(store().readSeriesStates(['gone|m', 'live|m'])).resolves.toEqual(new Map([['live|m', live]]));
  });
});
