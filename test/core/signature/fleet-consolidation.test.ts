import { ledgerOfMiner, ledgerOfRows, SignatureConsolidation, SignatureMiner } from '../../../shared/src/core/signature';

const SERVICES_A = ['alpha', 'bravo', 'charlie'];
const SERVICES_B = ['delta', 'echo', 'foxtrot'];
const line = (service: string): string => `Connection to service ${service} closed by peer`;

function minerOf(lines: readonly string[]): { miner: SignatureMiner; printed: string[] } {
  const miner = new SignatureMiner();
  const printed = lines.map((text) => miner.add(text).signatureId);
  return { miner, printed };
}

describe('SignatureConsolidation (fleet signatures)', () => {
  it('groups what two instances each saw too little of to generalise: six services, one canonical signature', () => {
    const a = minerOf(SERVICES_A.map(line));
    const b = minerOf(SERVICES_B.map(line));
    // Each instance alone has three separate signatures: below the family size of five.
    expect(new Set(a.printed).size).toBe(3);
    expect(new Set(b.printed).size).toBe(3);
    const fleet = SignatureConsolidation.of([ledgerOfMiner(a.miner), ledgerOfMiner(b.miner)]);
    const canonical = [...a.printed, ...b.printed].map((id) => fleet.canonicalOf(id)?.canonicalId);
    expect(new Set(canonical).size).toBe(1);
    expect(fleet.canonicalOf(a.printed[0] as string)?.template).toBe('Connection to service <*> closed by peer');
  });

  it('gives the same canonical ids whatever the order of the instances', () => {
    const a = minerOf(SERVICES_A.map(line));
    const b = minerOf([...SERVICES_B.map(line), 'Worker pool started', 'Worker pool paused']);
    const ab = SignatureConsolidation.of([ledgerOfMiner(a.miner), ledgerOfMiner(b.miner)]);
    const ba = SignatureConsolidation.of([ledgerOfMiner(b.miner), ledgerOfMiner(a.miner)]);
    for (const id of [...a.printed, ...b.printed]) expect(ba.canonicalOf(id)).toEqual(ab.canonicalOf(id));
  });

  it('resolves an id an instance handed out before its template generalised to the same canonical id as the live one', () => {
    const a = minerOf(['PacketResponder 1 for block blk_123 terminating', 'PacketResponder 0 for block blk_-987 terminating']);
    expect(a.printed[0]).not.toBe(a.printed[1]);
    const fleet = SignatureConsolidation.of([ledgerOfMiner(a.miner)]);
    expect(fleet.canonicalOf(a.printed[0] as string)?.canonicalId).toBe(fleet.canonicalOf(a.printed[1] as string)?.canonicalId);
  });

  it('keeps apart what an instance kept apart: differing words, and a shorter message beside a longer template with a trailing <*>', () => {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'].map((user, i) => `authentication failure; rhost=10.0.0.${i} user=${user}`);
    // Seen first, the short form founds its own signature; the long form generalises to "... rhost=<IP> <*>" later.
    const a = minerOf(['Worker pool started', 'Worker pool paused', 'authentication failure; rhost=10.0.0.9', ...users]);
    expect(a.miner.signatures().map((s) => s.template)).toEqual([
      'Worker pool started',
      'Worker pool paused',
      'authentication failure; rhost=<IP>',
      'authentication failure; rhost=<IP> <*>',
    ]);
    const fleet = SignatureConsolidation.of([ledgerOfMiner(a.miner)]);
    const canonical = (id: string | undefined): string | undefined => fleet.canonicalOf(id as string)?.canonicalId;
    expect(canonical(a.printed[0])).not.toBe(canonical(a.printed[1]));
    expect(canonical(a.printed[2])).not.toBe(canonical(a.printed[3]));
    expect(canonical(a.printed[3])).toBe(canonical(a.printed[7]));
  });

  it('answers undefined for an id no instance handed out', () => {
    const fleet = SignatureConsolidation.of([ledgerOfMiner(minerOf(['Worker pool started']).miner)]);
    expect(fleet.canonicalOf('sig_0000000000000000')).toBeUndefined();
  });

  it('reads recorded rows: follows alias chains to the live template and stops on a cycle', () => {
    const ledger = ledgerOfRows([
      { signatureId: 'sig_a', template: 'Deleted blk_1', aliasOf: 'sig_b' },
      // Recorded when handed out, read back after its generalisation: the generalisation wins.
      { signatureId: 'sig_a', template: 'Deleted blk_1', aliasOf: null },
      { signatureId: 'sig_b', template: 'Deleted blk_<*>', aliasOf: null },
      { signatureId: 'sig_x', template: 'Loop one', aliasOf: 'sig_y' },
      { signatureId: 'sig_y', template: 'Loop two', aliasOf: 'sig_x' },
    ]);
    expect(ledger.templateOf('sig_a')).toBe('Deleted blk_<*>');
    expect(ledger.liveTemplates()).toEqual(['Deleted blk_<*>']);
    expect(['Loop one', 'Loop two']).toContain(ledger.templateOf('sig_x'));
    expect(ledger.templateOf('sig_missing')).toBeUndefined();
  });
});
