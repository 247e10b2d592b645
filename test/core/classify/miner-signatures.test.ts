import { MinerSignatures } from '../../../shared/src/core/classify/miner-signatures';

describe('MinerSignatures', () => {
  it('gives the same failure with other ids and numbers one signature', () => {
    const signatures = new MinerSignatures();
    const first = signatures.signatureOf('Not found: Table analytics-prod:staging.orders_20261120 was not found in location US');
    const second = signatures.signatureOf('Not found: Table analytics-prod:staging.orders_20261121 was not found in location US');
    expect(second.signatureId).toBe(first.signatureId);
  });

  it('stops learning after its limit but still names known and new messages stably', () => {
    const signatures = new MinerSignatures(undefined, 2);
    const known = signatures.signatureOf('Connection reset by peer');
    signatures.signatureOf('No space left on device');
    const again = signatures.signatureOf('Connection reset by peer');
    const unseenOnce = signatures.signatureOf('java.lang.OutOfMemoryError: Java heap space');
    const unseenTwice = signatures.signatureOf('java.lang.OutOfMemoryError: Java heap space');
    expect(again.signatureId).toBe(known.signatureId);
    expect(unseenTwice).toEqual(unseenOnce);
    expect(unseenOnce.template).toBe('java.lang.OutOfMemoryError: Java heap space');
  });
});
