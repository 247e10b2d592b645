import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { signaturesCommand } from '../../cli/commands/signatures';
import { SignatureMiner } from '../../shared/src/core/signature';
import { commandIo } from '../helpers/command-io';

type Output = { signatureId: string | null; template: string | null; error?: string };
const parse = (text: string): Output[] => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Output);

const HDFS_FORMAT = '<Date> <Time> <Pid> <Level> <Component>: <Content>';
const HDFS = [
  '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
  '081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block blk_-6952295868487656571 terminating',
  '081109 204005 35 INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.73.220:50010 is added to blk_7128370237687728475 size 67108864',
];

describe('flexiroaster signatures', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'signatures-cli-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('writes one line per input line, in order, splitting the header with --log-format', async () => {
    const io = commandIo([HDFS[0], 'not a header line at all', '', HDFS[1], HDFS[2]].join('\n'));
    expect(await signaturesCommand(['--log-format', HDFS_FORMAT], io)).toBe(0);
    const out = parse(io.output());
    expect(out.map((line) => line.template)).toEqual([
      'PacketResponder <NUM> for block blk_38865049064139660 terminating',
      'not a header line at all',
      '',
      'PacketResponder <NUM> for block blk_<*> terminating',
      'BLOCK* NameSystem.addStoredBlock: blockMap updated: <IP> is added to blk_7128370237687728475 size <NUM>',
    ]);
    expect(io.errors().match(/does not match --log-format/g)).toHaveLength(1);
    expect(io.errors()).toContain('line 2');
  });

  it('applies every --mask before the default masks', async () => {
    const io = commandIo(HDFS.join('\n'));
    expect(await signaturesCommand([`--log-format=${HDFS_FORMAT}`, '--mask', 'blk_-?\\d+', '--mask', 'size \\d+'], io)).toBe(0);
    const out = parse(io.output());
    expect(out[0]!.template).toBe('PacketResponder <NUM> for block <*> terminating');
    expect(out[1]!.signatureId).toBe(out[0]!.signatureId);
    expect(out[2]!.template).toBe('BLOCK* NameSystem.addStoredBlock: blockMap updated: <IP> is added to <*>');
  });

  it('saves and reloads the miner with --state, so a second run continues with the same ids', async () => {
    const state = join(scratch, 'miner.json');
    const first = commandIo(HDFS.slice(0, 1).join('\n'));
    expect(await signaturesCommand(['--log-format', HDFS_FORMAT, '--state', state], first)).toBe(0);
    const firstId = parse(first.output())[0]!.signatureId!;

    const second = commandIo(HDFS.join('\n'));
    expect(await signaturesCommand(['--log-format', HDFS_FORMAT, '--state', state], second)).toBe(0);
    const out = parse(second.output());
    expect(out[0]!.signatureId).toBe(firstId);
    expect(out[1]!.signatureId).not.toBe(firstId);

    const saved = SignatureMiner.fromJSON(readFileSync(state, 'utf8'));
    expect(saved.resolve(firstId)?.signatureId).toBe(out[1]!.signatureId);
    expect(saved.signatures().map((s) => s.count)).toEqual([3, 1]);
  });

  it('streams: the first result is written before the input ends', async () => {
    const stdin = new PassThrough();
    const io = { ...commandIo(), stdin };
    let written = '';
    io.stdout.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const run = signaturesCommand([], io);
    stdin.write('Task exited with return code 1\n');
    await new Promise<void>((resolve) => io.stdout.once('data', () => resolve()));
    expect(parse(written)[0]!.template).toBe('Task exited with return code <NUM>');
    stdin.end('Task exited with return code 137\n');
    expect(await run).toBe(0);
    expect(parse(written)).toHaveLength(2);
  });

  it('stops quietly when the reader goes away (EPIPE), and still saves what it learned', async () => {
    const state = join(scratch, 'miner.json');
    let accepted = 0;
    const stdout = new Writable({
      write(_chunk, _encoding, callback) {
        accepted += 1;
        callback(accepted > 1 ? Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) : null);
      },
    });
    const lines = Array.from({ length: 500 }, (_, i) => `Task exited with return code ${i}`);
    const io = { ...commandIo(), stdin: Readable.from([lines.join('\n')]), stdout };
    expect(await signaturesCommand(['--state', state], io)).toBe(0);
    expect(accepted).toBeLessThan(lines.length);
    expect(SignatureMiner.fromJSON(readFileSync(state, 'utf8')).signatures()).toHaveLength(1);
  });

  it.each([
    ['an unknown flag', ['--threshold', '0.4'], /unknown argument "--threshold"/],
    ['a flag without its value', ['--mask'], /--mask needs a value/],
    ['an invalid --mask', ['--mask', '('], /invalid regular expression/],
    ['a format without <Content>', ['--log-format', '<Date> <Time>'], /no <Content> field/],
  ])('exits 2 on %s and says why', async (_name, args, message) => {
    const io = commandIo('line\n');
    expect(await signaturesCommand(args, io)).toBe(2);
    expect(io.errors()).toMatch(message);
    expect(io.output()).toBe('');
  });

  it('refuses a state file of another schema version, or mined with other masks', async () => {
    const state = join(scratch, 'miner.json');
    writeFileSync(state, JSON.stringify({ schemaVersion: 99 }));
    const wrongVersion = commandIo('line\n');
    expect(await signaturesCommand(['--state', state], wrongVersion)).toBe(2);
    expect(wrongVersion.errors()).toMatch(/schemaVersion 99 is not supported/);

    rmSync(state);
    expect(await signaturesCommand(['--state', state, '--mask', 'a+'], commandIo('line\n'))).toBe(0);
    const otherMasks = commandIo('line\n');
    expect(await signaturesCommand(['--state', state, '--mask', 'b+'], otherMasks)).toBe(2);
    expect(otherMasks.errors()).toMatch(/--mask differs from the masks stored/);
  });
});
