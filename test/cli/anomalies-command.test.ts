import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { anomaliesCommand } from '../../cli/commands/anomalies';
import { main } from '../../cli/main';
import { commandIo } from '../helpers/command-io';
import { gaussian } from '../core/anomaly/streaming/series-fixtures';

type Row = { timestamp: string; value: number; score: number; isAnomaly: boolean; reasons: string[]; warning?: { code: string } };
type ErrorRow = { error: { code: string; message: string; line: number } };
const parse = (text: string): Array<Row | ErrorRow> => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Row | ErrorRow);

/** Five-minute rows from 2024-01-01 as NAB-style CSV lines (no header). */
function rows(count: number, seed = 1, spikeAt = -1): string[] {
  const noise = gaussian(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
    lines.push(`${at},${(i === spikeAt ? 400 : 100 + 5 * noise()).toFixed(3)}`);
  }
  return lines;
}

const csv = (lines: string[]): string => ['timestamp,value', ...lines].join('\n') + '\n';

async function runAnomalies(input: string, args: string[] = []): Promise<{ code: number; out: Array<Row | ErrorRow>; errors: string }> {
  const io = commandIo(input);
  const code = await anomaliesCommand(args, io);
  return { code, out: parse(io.output()), errors: io.errors() };
}

describe('flexiroaster anomalies', () => {
  it('writes one {"timestamp","value","score","isAnomaly","reasons"} line per row, in order, and flags a spike with its baseline', async () => {
    const input = rows(900, 1, 800);
    const { code, out } = await runAnomalies(csv(input));
    expect(code).toBe(0);
    expect(out).toHaveLength(900);
    const first = out[0] as Row;
    expect(Object.keys(first)).toEqual(['timestamp', 'value', 'score', 'isAnomaly', 'reasons']);
    expect(first.timestamp).toBe('2024-01-01 00:00:00');
    expect(out.map((row) => (row as Row).timestamp)).toEqual(input.map((line) => line.split(',')[0]));
    const spike = out[800] as Row;
    expect(spike).toMatchObject({ value: 400, isAnomaly: true });
    expect(spike.score).toBeGreaterThanOrEqual(0.5);
    expect(spike.reasons[0]).toMatch(/^value 400 vs (recent level|expected) (9\d|10\d)(\.\d+)?±/);
    const otherAlarms = out.filter((row, index) => index !== 800 && (row as Row).isAnomaly) as Row[];
    expect(otherAlarms.every((row) => row.reasons.some((reason) => reason.includes('outside everything seen')))).toBe(true);
    expect(otherAlarms.length).toBeLessThanOrEqual(2);
  });

  it('gives a row the same output whether or not later rows follow (no look-ahead)', async () => {
    const input = rows(700, 2, 650);
    const whole = await runAnomalies(csv(input));
    const prefix = await runAnomalies(csv(input.slice(0, 660)));
    expect(prefix.out).toEqual(whole.out.slice(0, 660));
  });

  it('answers bad rows with an error line naming the code and the input line, and carries on', async () => {
    const input = rows(6);
    const lines = [input[0]!, '2024-01-01 00:05:00,abc', 'just-one-field', 'not a time,3', input[1]!, '2024-01-01 00:10:00,NaN', '', input[2]!, input[1]!];
    const { code, out } = await runAnomalies(csv(lines).replace(/\n/g, '\r\n'));
    expect(code).toBe(0);
    expect(out).toHaveLength(8);
    expect(out.map((row) => ('error' in row ? `${row.error.code}@${row.error.line}` : 'ok'))).toEqual([
      'ok',
      'bad_value@3',
      'bad_row@4',
      'bad_timestamp@5',
      'ok',
      'non_finite_value@7',
      'ok',
      'ok',
    ]);
    expect((out[7] as Row).warning).toMatchObject({ code: 'out_of_order' });
    expect((out[6] as Row).timestamp).toBe(input[2]!.split(',')[0]);
  });

  it('continues a series across runs with --state exactly as one uninterrupted run', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'anomalies-cli-'));
    try {
      const input = rows(800, 3, 700);
      const state = join(scratch, 'series.json');
      const whole = await runAnomalies(csv(input));
      const first = await runAnomalies(csv(input.slice(0, 500)), ['--state', state]);
      const second = await runAnomalies(csv(input.slice(500)), [`--state=${state}`]);
      expect([...first.out, ...second.out]).toEqual(whole.out);
      expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ kind: 'flexiroaster.streaming-detector', count: 800 });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('reads input split anywhere, even inside a multi-byte character', async () => {
    const text = csv(rows(50));
    const bytes = Buffer.from(`${text}"2024-01-01 04:10:00",1é\n`);
    const io = commandIo();
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 7) chunks.push(bytes.subarray(at, at + 7));
    io.stdin = Readable.from(chunks);
    expect(await anomaliesCommand([], io)).toBe(0);
    const out = parse(io.output());
    expect(out).toHaveLength(51);
    expect(out[50]).toMatchObject({ error: { code: 'bad_value', message: 'value "1é" is not a number', line: 52 } });
  });

  it('is registered in the CLI, and refuses an unreadable state file with exit code 2', async () => {
    const help = commandIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.output()).toContain('anomalies');
    const scratch = mkdtempSync(join(tmpdir(), 'anomalies-cli-'));
    try {
      const bad = join(scratch, 'bad.json');
      writeFileSync(bad, '{"kind":"something else"}');
      const io = commandIo(csv(rows(3)));
      expect(await main(['anomalies', '--state', bad], io)).toBe(2);
      expect(io.errors()).toMatch(/kind must be "flexiroaster.streaming-detector"/);
      const unknown = commandIo('');
      expect(await main(['anomalies', '--threshold', '3'], unknown)).toBe(2);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
