import {
  InvalidStateError,
  SIGNATURE_STATE_SCHEMA_VERSION,
  SignatureMiner,
  SignatureStateError,
  UnsupportedStateVersionError,
  userMasks,
} from '../../../shared/src/core/signature';

const TRAINING = [
  'PacketResponder 1 for block blk_38865049064139660 terminating',
  'PacketResponder 0 for block blk_-6952295868487656571 terminating',
  '[instance: 3edec1e4-9678-4a3a-a21b-a145a4ee5e61] VM Started (Lifecycle Event)',
  '[instance: 3edec1e4-9678-4a3a-a21b-a145a4ee5e61] VM Paused (Lifecycle Event)',
  'Accepted publickey for alice from 10.0.0.7 port 51514 ssh2',
  'Accepted publickey for bob from 10.0.0.7 port 51514 ssh2',
  'proxy.cse.cuhk.edu.hk:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01',
  'proxy.cse.cuhk.edu.hk:5070 close, 451 bytes sent, 18846 bytes (18.4 KB) received, lifetime 00:02',
];
const LATER = [
  'PacketResponder 2 for block blk_1 terminating',
  '[instance: 11111111-2222-3333-4444-555555555555] VM Paused (Lifecycle Event)',
  'Accepted publickey for carol from 10.0.0.9 port 22 ssh2',
  'Accepted publickey for dave from 10.0.0.9 port 22 ssh2',
  'Accepted publickey for erin from 10.0.0.9 port 22 ssh2',
  'proxy.cse.cuhk.edu.hk:5070 close, 1190 bytes (1.16 KB) sent, 1671 bytes received, lifetime 00:03',
];

function trained(): { miner: SignatureMiner; firstIds: string[] } {
  const miner = new SignatureMiner({ extraMasks: userMasks(['\\d{2}:\\d{2}(:\\d{2})*']) });
  return { miner, firstIds: TRAINING.map((line) => miner.add(line).signatureId) };
}

describe('miner state', () => {
  it('survives a JSON round trip: same signatures, same aliases, same ids for what comes next', () => {
    const { miner, firstIds } = trained();
    const restored = SignatureMiner.fromJSON(JSON.stringify(miner.toJSON()));

    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(miner.toJSON()));
    expect(restored.signatures()).toEqual(miner.signatures());
    for (const id of firstIds) expect(restored.resolve(id)).toEqual(miner.resolve(id));
    expect(LATER.map((line) => restored.add(line))).toEqual(LATER.map((line) => miner.add(line)));
    expect(restored.toJSON()).toEqual(miner.toJSON());
  });

  it('keeps the options it was mined with, masks included', () => {
    const { miner } = trained();
    const restored = SignatureMiner.fromJSON(miner.toJSON());
    expect(restored.options).toEqual(miner.options);
    expect(restored.options.extraMasks).toEqual([{ name: 'user_1', regex: '\\d{2}:\\d{2}(:\\d{2})*', replacement: '<*>' }]);
  });

  it('rejects another schema version with a typed error', () => {
    const state = { ...trained().miner.toJSON(), schemaVersion: SIGNATURE_STATE_SCHEMA_VERSION + 1 };
    expect(() => SignatureMiner.fromJSON(state)).toThrow(UnsupportedStateVersionError);
    expect(() => SignatureMiner.fromJSON({ clusters: [] })).toThrow(/schemaVersion undefined is not supported \(expected 1\)/);
    expect(new UnsupportedStateVersionError(2)).toBeInstanceOf(SignatureStateError);
  });

  it.each([
    ['text that is not JSON', '{"schemaVersion": 1,'],
    ['a cluster without variants', (s: Record<string, unknown>) => ({ ...s, clusters: [{ id: 'sig_x', template: '', count: 1, variants: [] }] })],
    ['a tampered id', (s: Record<string, unknown>) => ({ ...s, clusters: [{ ...(s['clusters'] as object[])[0], id: 'sig_0000000000000000' }] })],
    ['a family naming an unknown cluster', (s: Record<string, unknown>) => ({ ...s, families: [{ length: 3, path: ['a'], position: 1, members: ['nope', 'nada'] }] })],
    ['a negative threshold', (s: Record<string, unknown>) => ({ ...s, options: { ...(s['options'] as object), similarityThreshold: -1 } })],
  ])('rejects %s as invalid', (_name, edit) => {
    const state = trained().miner.toJSON() as unknown as Record<string, unknown>;
    const input = typeof edit === 'string' ? edit : edit(state);
    expect(() => SignatureMiner.fromJSON(input)).toThrow(InvalidStateError);
  });
});
