import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReplayCommand } from '../../cli/commands/replay';
import { buildIngestRuntime } from '../../functions/ingest/dependencies';
import { createIngestHandler } from '../../functions/ingest/handler';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import { STATUSES } from '../../shared/src/core/domain/pipeline-event';
import { commandIo } from '../helpers/command-io';
import { MemoryLogger } from '../helpers/memory-logger';
import { composerEntry, type DuckDbIngest, openDuckDbIngest, pubsubEvent } from './duckdb-ingest-harness';

function nested(depth: number, open: string, close: string, leaf: string): string {
  return `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
}

let ingest: DuckDbIngest;
beforeEach(async () => {
  ingest = await openDuckDbIngest();
});
afterEach(() => ingest.close());

describe('deeply nested LogEntries are rejected as too_deep, recorded and acknowledged', () => {
  it.each([
    ['10,000 nested arrays in jsonPayload', 10_000, '[', ']'],
    ['100,000 nested arrays in jsonPayload', 100_000, '[', ']'],
    ['50,000 nested objects in jsonPayload', 50_000, '{"a":', '}'],
  ])('%s', async (_name, depth, open, close) => {
    const text = JSON.stringify(composerEntry('Task failed')).replace('"severity":"INFO"', `"severity":"INFO","jsonPayload":{"x":${nested(depth, open, close, '1')}}`);
    const first = await ingest.handle(pubsubEvent(text, `deep-${depth}`));
    expect(first).toMatchObject({ kind: 'rejected', rejection: { reason: 'too_deep' } });
    const again = await ingest.handle(pubsubEvent(text, `deep-${depth}`));
    expect(again).toMatchObject({ kind: 'rejected', duplicate: true });
    expect(await ingest.count('rejected_events')).toBe(1);
  });

  it('a deeply nested CloudEvent envelope (not a Pub/Sub message) is recorded too', async () => {
    let data: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) data = [data];
    const outcome = await ingest.handle({ specversion: '1.0', id: 'env-deep', type: 'google.cloud.pubsub.topic.v1.messagePublished', source: '//pubsub', data } as never);
    expect(outcome).toMatchObject({ kind: 'rejected' });
    expect(await ingest.count('rejected_events')).toBe(1);
  });

  it('ordinary nesting (a structured payload a few levels deep) is still stored', async () => {
    const text = JSON.stringify(composerEntry('Marking task as FAILED. dag_id=daily_sales', { jsonPayload: { a: { b: { c: [[{ d: 1 }]] } } } }));
    expect(await ingest.handle(pubsubEvent(text, 'shallow'))).toMatchObject({ kind: 'stored' });
  });
});

describe('Airflow state names that are also Object.prototype members stay plain strings', () => {
  const lines = (state: string) => [
    `Marking task as ${state.toUpperCase()}. dag_id=daily_sales, task_id=load_orders, execution_date=20261121T030000`,
    `Marking task as ${state}. dag_id=daily_sales, task_id=load_orders`,
    `Received executor event with state ${state} for task instance TaskInstanceKey(dag_id='daily_sales', task_id='load_orders', run_id='scheduled__2026-11-21T03:00:00+00:00', try_number=1, map_index=-1)`,
    `TaskInstance Finished: dag_id=daily_sales, task_id=load_orders, run_id=scheduled__2026-11-21T03:00:00+00:00, map_index=-1, state=${state}, executor_state=${state}, try_number=1`,
  ];
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])('state %s is stored with a status from the taxonomy', async (state) => {
    for (const [index, line] of lines(state).entries()) {
      const outcome = await ingest.handle(pubsubEvent(JSON.stringify(composerEntry(line, { insertId: `${state}-${index}` })), `${state}-${index}`));
      expect(outcome.kind).toBe('stored');
      if (outcome.kind === 'stored') expect(STATUSES).toContain(outcome.event.status);
    }
    expect(await ingest.count('pipeline_events')).toBe(4);
  });

  it('prototype names as label keys and severities do not change the event', async () => {
    const entry = composerEntry('Marking task as FAILED. dag_id=daily_sales', {
      severity: 'constructor',
      labels: { workflow: 'daily_sales', ['__proto__']: 'x', constructor: 'y', toString: 'z' },
      resource: { type: 'cloud_composer_environment', labels: { environment_name: 'etl-prod', constructor: 'c', ['__proto__']: 'p' } },
    });
    const text = JSON.stringify(entry).replace('"x"', '"x","__proto__":"again"');
    const outcome = await ingest.handle(pubsubEvent(text, 'proto-labels'));
    expect(outcome).toMatchObject({ kind: 'stored', event: { status: 'failed', pipelineId: 'daily_sales' } });
  });
});

describe('flexiroaster replay processes every line of a file with poison lines', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flexiroaster-poison-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('57 lines, 11 of them poison: all 57 are stored or rejected with a reason', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 46; i += 1) lines.push(JSON.stringify(composerEntry(`Marking task as SUCCESS. dag_id=daily_sales, task_id=t${i}`, { insertId: `ok-${i}` })));
    for (const state of ['constructor', '__proto__', 'toString']) lines.push(JSON.stringify(composerEntry(`Received executor event with state ${state} for task instance TaskInstanceKey(dag_id='d', task_id='t', run_id='r', try_number=1, map_index=-1)`, { insertId: `p-${state}` })));
    for (const depth of [10_000, 30_000, 100_000]) lines.push(JSON.stringify(composerEntry('x')).replace('"severity":"INFO"', `"severity":"INFO","jsonPayload":${nested(depth, '[', ']', '1')}`));
    lines.push('{"not json', '\u0000\u0001', '[]', '{"logName": 7}', 'null');
    const file = join(directory, 'poison.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const databasePath = join(directory, 'replay.duckdb');
    const io = commandIo();
    const code = await createReplayCommand(async () => {
      const runtime = await buildIngestRuntime(parseAppConfig({ FLEXIROASTER_DUCKDB_PATH: databasePath }), new MemoryLogger(), { classifier: new RulesOnlyClassifier() });
      return { handle: createIngestHandler(async () => runtime.service), close: runtime.close };
    }, systemClock)([file, '--json'], io);
    expect(code).toBe(0);
    const outputs = io.output().trim().split('\n');
    expect(outputs).toHaveLength(57);
    const rejected = outputs.map((line) => JSON.parse(line) as { rejected?: { reason: string } }).filter((line) => line.rejected);
    expect(rejected.map((line) => line.rejected?.reason).filter((reason) => reason === 'too_deep')).toHaveLength(3);
  });
});

describe('flexiroaster replay keeps going past an input whose handling throws', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flexiroaster-outage-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('every line is attempted; the ones that failed are counted and the exit code says so', async () => {
    const file = join(directory, 'lines.jsonl');
    const lines = Array.from({ length: 10 }, (_, index) => JSON.stringify(composerEntry(`Marking task as SUCCESS. task_id=t${index}`, { insertId: `i-${index}` })));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const databasePath = join(directory, 'replay.duckdb');
    let calls = 0;
    const io = commandIo();
    const code = await createReplayCommand(async () => {
      const runtime = await buildIngestRuntime(parseAppConfig({ FLEXIROASTER_DUCKDB_PATH: databasePath }), new MemoryLogger(), { classifier: new RulesOnlyClassifier() });
      const handle = createIngestHandler(async () => runtime.service);
      return {
        handle: async (event) => {
          calls += 1;
          if (calls === 3) throw new Error('IO Error: simulated outage');
          return handle(event);
        },
        close: runtime.close,
      };
    }, systemClock)([file], io);
    expect(calls).toBe(10);
    expect(code).toBe(1);
    expect(io.output()).toMatch(/stored 9 events/);
    expect(io.output()).toMatch(/1 inputs? failed/);
  });
});
