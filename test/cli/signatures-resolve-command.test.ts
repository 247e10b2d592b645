import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signaturesCommand } from '../../cli/commands/signatures';
import { SignatureMiner, userMasks } from '../../shared/src/core/signature';
import { commandIo } from '../helpers/command-io';

type Resolved = { signatureId: string; canonicalId: string | null; template?: string; error?: { code: string } };
const parse = (text: string): Resolved[] => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Resolved);

describe('flexiroaster signatures resolve', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'signatures-resolve-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  function saveInstance(name: string, lines: readonly string[], miner = new SignatureMiner()): { path: string; ids: string[] } {
    const ids = lines.map((text) => miner.add(text).signatureId);
    const path = join(scratch, `${name}.json`);
    writeFileSync(path, JSON.stringify(miner.toJSON()));
    return { path, ids };
  }

  it('prints the canonical id of every id on stdin, in order, merging the states like the fleet consolidation', async () => {
    const a = saveInstance('a', ['Connection to service alpha closed by peer', 'Connection to service bravo closed by peer', 'Connection to service charlie closed by peer']);
    const b = saveInstance('b', ['Connection to service delta closed by peer', 'Connection to service echo closed by peer', 'Worker pool started']);
    const io = commandIo([b.ids[2], a.ids[0], b.ids[0], 'sig_ffffffffffffffff', a.ids[2]].join('\n'));
    expect(await signaturesCommand(['resolve', '--state', a.path, `--state=${b.path}`], io)).toBe(0);
    const out = parse(io.output());
    expect(out.map((row) => row.signatureId)).toEqual([b.ids[2], a.ids[0], b.ids[0], 'sig_ffffffffffffffff', a.ids[2]]);
    expect(out[0]?.template).toBe('Worker pool started');
    expect(out[1]?.canonicalId).toBe(out[2]?.canonicalId);
    expect(out[1]?.canonicalId).toBe(out[4]?.canonicalId);
    expect(out[1]?.template).toBe('Connection to service <*> closed by peer');
    expect(out[0]?.canonicalId).not.toBe(out[1]?.canonicalId);
    expect(out[3]).toMatchObject({ canonicalId: null, error: { code: 'unknown_signature' } });
  });

  it('refuses states mined with different masks (exit 2, names the file) and a missing --state', async () => {
    const a = saveInstance('a', ['Deleted blk_1']);
    const b = saveInstance('b', ['Deleted blk_2'], new SignatureMiner({ extraMasks: userMasks(['blk_\\d+']) }));
    const io = commandIo(a.ids.join('\n'));
    expect(await signaturesCommand(['resolve', '--state', a.path, '--state', b.path], io)).toBe(2);
    expect(io.errors()).toContain(b.path);
    const none = commandIo('');
    expect(await signaturesCommand(['resolve'], none)).toBe(2);
    expect(none.errors()).toContain('--state');
  });
});
