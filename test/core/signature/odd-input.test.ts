import { SignatureMiner } from '../../../shared/src/core/signature';

const ODD_LINES = [
  '',
  '   \t ',
  '<*>',
  '<NUM> <NUM> <*>',
  '<<*>>',
  'blk_<*>',
  '=',
  'a=b=c=d',
  '\u0000\u0001\u0002',
  'ünïcödé ✓ 日本語 ошибка',
  `token ${'x'.repeat(20_000)} end`,
  `list ${'a1 '.repeat(2_000)}`,
  `${'a.'.repeat(5_000)}@example.com`,
  'Error: Table `p.d.t` not found; Table `p.d.t` not found; Table `p.d.t` not found',
];

describe('odd input', () => {
  it('gets a signature for every line, every id resolves, and the state still round-trips', () => {
    const miner = new SignatureMiner();
    const ids = [...ODD_LINES, ...ODD_LINES].map((line) => miner.add(line).signatureId);
    for (const id of ids) expect(miner.resolve(id)).toBeDefined();
    const json = JSON.stringify(miner.toJSON());
    expect(JSON.stringify(SignatureMiner.fromJSON(json).toJSON())).toBe(json);
  });

  it('gives the empty message its own signature rather than failing', () => {
    const miner = new SignatureMiner();
    expect(miner.add('').template).toBe('');
    expect(miner.add('   ').signatureId).toBe(miner.add('').signatureId);
  });
});
