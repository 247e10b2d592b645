import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKbCommand, type KbRuntime } from '../../cli/commands/kb';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbKnowledgeBaseStore } from '../../shared/src/adapters/duckdb/duckdb-knowledge-base-store';
import { TransientStoreError } from '../../shared/src/core/domain/errors';
import type { KnowledgeBaseStore } from '../../shared/src/core/knowledge/knowledge-base-store';
import { serializeKnowledgeCsv, validateKnowledgeCsv } from '../../shared/src/core/knowledge/validate-knowledge-csv';
import { commandIo } from '../helpers/command-io';
import { IAM_RUNBOOK, RATE_LIMIT_ENTRY, SCHEMA_ENTRY } from '../helpers/knowledge-fixtures';

const clock = { now: () => new Date('2026-11-21T10:00:00.000Z') };
const HEADER = 'id,knowledge_type,category,source_system,title,error_pattern,resolution,recommended_strategy,source_url,confidence,success_count,failure_count';

describe('flexiroaster kb', () => {
  let dir: string;
  let opened: number;
  let kb: ReturnType<typeof createKbCommand>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flexiroaster-kb-cli-'));
    opened = 0;
    kb = createKbCommand(async (): Promise<KbRuntime> => {
      opened += 1;
      const database = await DuckDbDatabase.open(join(dir, 'kb.duckdb'));
      return { store: new DuckDbKnowledgeBaseStore(database, clock), close: () => database.close() };
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
    const io = commandIo(stdin);
    const code = await kb(args, io);
    return { code, out: io.output(), err: io.errors() };
  }

  it('uploads a valid CSV, then lists the entries (all, by category, as JSON)', async () => {
    const path = file('kb.csv', serializeKnowledgeCsv([RATE_LIMIT_ENTRY, IAM_RUNBOOK, SCHEMA_ENTRY]));

    expect(await run(['upload', path])).toEqual({ code: 0, out: `applied 3 entries from ${path} (3 new, 0 updated)\n`, err: '' });

    const listed = await run(['list']);
    expect(listed.code).toBe(0);
    const lines = listed.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+type\s+category\s+source\s+strategy\s+confidence\s+ok\s+failed\s+title$/);
    expect(lines.slice(2, 5).map((line) => line.split(/\s+/)[0])).toEqual(['bq-rate-001', 'df-schema-07', 'iam-runbook-01']);
    expect(lines[2]).toMatch(/^bq-rate-001\s+historical_error\s+rate_limiting\s+bigquery\s+retry_with_backoff\s+0\.9\s+4\s+1\s+Table update rate exceeded$/);
    expect(lines.at(-1)).toBe('3 entries');

    const permission = await run(['list', '--category', 'permission_denied']);
    expect(permission.out).toContain('iam-runbook-01');
    expect(permission.out).not.toContain('bq-rate-001');
    expect(permission.out.trimEnd().split('\n').at(-1)).toBe('1 entry');

    const json = JSON.parse((await run(['list', '--category=schema_mismatch', '--json'])).out) as unknown[];
    expect(json).toEqual([{ ...SCHEMA_ENTRY, createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z' }]);
  });

  it('prints every problem by row and field, exits 1 and applies nothing (the store is not even opened)', async () => {
    const good = serializeKnowledgeCsv([RATE_LIMIT_ENTRY]).split('\r\n')[1] as string;
    const path = file(
      'bad.csv',
      [
        HEADER,
        good,
        'net-02,historical_error,network_timeout,dataflow,Worker lost connection,,Retry with backoff.,retry_with_backoff,,1.5,0,0',
        '"quoted, title",runbook,not_a_category,any,T,,R,config_fix,ftp://example.com,0.5,-1,0',
        '',
      ].join('\n'),
    );

    const result = await run(['upload', path]);

    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err.split('\n').filter(Boolean)).toEqual([
      'row 2 (line 3) error_pattern: is required for a historical_error entry',
      'row 2 (line 3) confidence: "1.5" must be a decimal number between 0 and 1',
      `row 3 (line 4) id: "quoted, title" must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit`,
      expect.stringMatching(/^row 3 \(line 4\) category: "not_a_category" is not one of permission_denied, /),
      'row 3 (line 4) source_url: "ftp://example.com" is not an http(s) URL',
      'row 3 (line 4) success_count: "-1" must be a non-negative integer',
      `${path}: 6 problems in 2 rows; nothing was applied`,
    ]);
    expect(opened).toBe(0);
    expect((await run(['list', '--json'])).out).toBe('[]\n');
  });

  it('keeps what was stored when a later upload is invalid', async () => {
    await run(['upload', file('first.csv', serializeKnowledgeCsv([IAM_RUNBOOK]))]);
    const broken = serializeKnowledgeCsv([{ ...IAM_RUNBOOK, title: 'renamed' }, SCHEMA_ENTRY]).replace('schema_fix', 'rewrite_everything');

    expect((await run(['upload', file('second.csv', broken)])).code).toBe(1);

    expect(JSON.parse((await run(['list', '--json'])).out)).toEqual([expect.objectContaining({ id: 'iam-runbook-01', title: IAM_RUNBOOK.title })]);
  });

  it('reads the CSV from stdin with -, and updates known ids', async () => {
    await run(['upload', '-'], serializeKnowledgeCsv([RATE_LIMIT_ENTRY]));
    const result = await run(['upload', '-'], serializeKnowledgeCsv([{ ...RATE_LIMIT_ENTRY, confidence: 0.7 }, SCHEMA_ENTRY]));
    expect(result).toEqual({ code: 0, out: 'applied 2 entries from stdin (1 new, 1 updated)\n', err: '' });
  });

  it('writes an uploadable CSV with list --csv', async () => {
    await run(['upload', file('kb.csv', serializeKnowledgeCsv([SCHEMA_ENTRY, IAM_RUNBOOK]))]);
    const csv = (await run(['list', '--csv'])).out;
    expect(validateKnowledgeCsv(csv)).toEqual({ ok: true, entries: [SCHEMA_ENTRY, IAM_RUNBOOK] });
  });

  it.each([
    [[], /^usage: flexiroaster kb/],
    [['purge'], /unknown kb subcommand "purge"/],
    [['upload'], /usage: flexiroaster kb upload FILE/],
    [['upload', 'a.csv', 'b.csv'], /usage: flexiroaster kb upload FILE/],
    [['list', '--category', 'gremlins'], /--category must be one of permission_denied/],
    [['list', '--type'], /--type must be one of historical_error/],
    [['list', '--json', '--csv'], /choose one of --json and --csv/],
    [['list', '--limit', '3'], /unknown argument --limit/],
  ])('answers %j with a usage error (exit 2) without opening the store', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(`${result.out}${result.err}`).toMatch(message);
    expect(opened).toBe(0);
  });

  it('reports an unreadable file with exit 2', async () => {
    const result = await run(['upload', join(dir, 'missing.csv')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^cannot read .*missing\.csv: ENOENT/);
  });

  it('reports a store failure with exit 1 and closes the store', async () => {
    let closed = 0;
    const failing: KnowledgeBaseStore = {
      listEntries: () => Promise.reject(new TransientStoreError('tabledata.list flexiroaster.knowledge_base failed with HTTP 503')),
      upsertEntries: () => Promise.reject(new TransientStoreError('BigQuery MERGE on flexiroaster.knowledge_base failed (backendError): try again; nothing was applied')),
      commitLearning: () => Promise.reject(new Error('unused')),
    };
    const command = createKbCommand(async () => ({ store: failing, close: async () => void (closed += 1) }));

    const upload = commandIo();
    expect(await command(['upload', file('kb.csv', serializeKnowledgeCsv([RATE_LIMIT_ENTRY]))], upload)).toBe(1);
    expect(upload.errors()).toMatch(/knowledge base upload of .*kb\.csv failed: BigQuery MERGE .* nothing was applied/);
    const list = commandIo();
    expect(await command(['list'], list)).toBe(1);
    expect(list.errors()).toMatch(/^cannot read the knowledge base: tabledata.list/);
    expect(closed).toBe(2);
  });
});
