import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIngestRuntime } from '../../functions/ingest/dependencies';
import { createIngestHandler } from '../../functions/ingest/handler';
import { createReplayCommand } from '../../cli/commands/replay';
import { createReportCommand } from '../../cli/commands/report';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbReportReader } from '../../shared/src/adapters/duckdb/duckdb-report-reader';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import type { EventReport } from '../../shared/src/core/ports/report-reader';
import { commandIo } from '../helpers/command-io';
import { MemoryLogger } from '../helpers/memory-logger';

const corpus = join(__dirname, '../../data/corpus/demo-log-entries.jsonl');

describe('flexiroaster replay and report on the demo corpus', () => {
  let directory: string;
  let databasePath: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'flexiroaster-replay-'));
    databasePath = join(directory, 'replay.duckdb');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const replay = () =>
    createReplayCommand(async () => {
      const runtime = await buildIngestRuntime(parseAppConfig({ FLEXIROASTER_DUCKDB_PATH: databasePath }), new MemoryLogger(), {
        classifier: new RulesOnlyClassifier(),
      });
      return { handle: createIngestHandler(async () => runtime.service), close: runtime.close };
    }, systemClock);

  const report = async (): Promise<EventReport> => {
    const io = commandIo();
    await createReportCommand(async () => {
      const database = await DuckDbDatabase.open(databasePath);
      return { reader: new DuckDbReportReader(database), close: () => database.close() };
    })(['--json'], io);
    return JSON.parse(io.output()) as EventReport;
  };

  it('stores every valid entry once, records malformed ones, and reports them', async () => {
    const io = commandIo();
    expect(await replay()([corpus], io)).toBe(0);
    expect(io.output()).toMatch(/stored \d+ events, ignored 1 duplicate deliveries, rejected 3 inputs/);
    const result = await report();
    expect(result.totalEvents).toBeGreaterThanOrEqual(40);
    expect(new Set(result.bySourceAndStatus.map((row) => row.source))).toEqual(new Set(['bigquery', 'dataflow', 'composer', 'workflows']));
    expect(result.rejected.map((row) => row.reason).sort()).toEqual(['not_json', 'not_log_entry', 'unsupported_source']);
    expect(result.topFailingPipelines.length).toBeGreaterThan(3);
  });

  it('is idempotent: replaying the same file again stores nothing new', async () => {
    await replay()([corpus], commandIo());
    const first = await report();
    const again = commandIo();
    await replay()([corpus], again);
    expect(again.output()).toMatch(/stored 0 events/);
    const second = await report();
    expect(second.totalEvents).toBe(first.totalEvents);
    expect(second.rejected.reduce((sum, row) => sum + row.inputs, 0)).toBe(3);
  });

  it('reads a JSON array file and prints one JSON line per record with --json', async () => {
    const arrayFile = join(directory, 'entries.json');
    const lines = readFileSync(corpus, 'utf8').split('\n').slice(0, 5).filter(Boolean).map((line: string) => JSON.parse(line));
    writeFileSync(arrayFile, JSON.stringify(lines));
    const io = commandIo();
    expect(await replay()([arrayFile, '--json'], io)).toBe(0);
    const output = io.output().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(output).toHaveLength(5);
    expect(output.every((line) => 'eventId' in line)).toBe(true);
  });

  it('exits 2 with a message when the file does not exist', async () => {
    const io = commandIo();
    expect(await replay()([join(directory, 'missing.jsonl')], io)).toBe(2);
    expect(io.errors()).toContain('cannot read');
  });
});
