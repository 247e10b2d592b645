import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIngestRuntime } from '../../functions/ingest/dependencies';
import { createIngestHandler } from '../../functions/ingest/handler';
import { createReplayCommand } from '../../cli/commands/replay';
import { createReportCommand } from '../../cli/commands/report';
import { DuckDbAnomalyReportReader } from '../../shared/src/adapters/duckdb/duckdb-anomaly-report-reader';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbReportReader } from '../../shared/src/adapters/duckdb/duckdb-report-reader';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import { commandIo } from '../helpers/command-io';
import { MemoryLogger } from '../helpers/memory-logger';

const corpus = join(__dirname, '../../data/corpus/demo-log-entries.jsonl');

describe('the demo corpus shows anomalies with their reasons', () => {
  let directory: string;
  let text: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'flexiroaster-demo-anomalies-'));
    const databasePath = join(directory, 'demo.duckdb');
    await createReplayCommand(async () => {
      const runtime = await buildIngestRuntime(parseAppConfig({ FLEXIROASTER_DUCKDB_PATH: databasePath }), new MemoryLogger(), { classifier: new RulesOnlyClassifier() });
      return { handle: createIngestHandler(async () => runtime.service), close: runtime.close };
    }, systemClock)([corpus], commandIo());
    const io = commandIo();
    await createReportCommand(async () => {
      const database = await DuckDbDatabase.open(databasePath);
      return { reader: new DuckDbReportReader(database), anomalies: new DuckDbAnomalyReportReader(database), close: () => database.close() };
    })([], io);
    text = io.output();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reports the slow run, the small load, the retry burst and the new signature against their baselines', () => {
    const section = text.slice(text.indexOf('Anomalous runs'));
    expect(section).toMatch(/sales-mart-refresh {2}run sales_mart_refresh_20261121_0600 .*\n {2}- duration 3h12m vs median 41m over the last 14 runs at 06:00 UTC, [\d.]+ MADs/);
    expect(section).toMatch(/orders-landing-load {2}run load_orders_landing_20261121 .*\n {2}- bytes loaded 1\.2 MB vs median 48 MB over the last 14 runs at 04:00 UTC, [\d.]+ MADs below/);
    expect(section).toMatch(/inventory_sync {2}run 2026-11-20T05:00:00\+00:00 [^\n]*\n(?: {2}- [^\n]*\n)*? {2}- 4 retries in one run vs 95th percentile 0 retries over the last 14 runs/);
    expect(section).toMatch(/invoice-export {2}run [0-9a-f-]+ .*\n {2}- failure signature "[^"]+" never seen for this pipeline/);
  });

  it('finds nothing anomalous in the pipelines whose history is steady or too short', () => {
    const section = text.slice(text.indexOf('Anomalous runs'));
    const flagged = [...section.matchAll(/^(\S+) {2}run /gm)].map((match) => match[1]).sort();
    expect(flagged).toEqual(['inventory_sync', 'invoice-export', 'orders-landing-load', 'sales-mart-refresh']);
  });
});
