import { PermanentStoreError, TransientStoreError } from '../../../shared/src/core/domain/errors';
import { consolidateFleetSignatures } from '../../../shared/src/core/signature-ledger/consolidate-fleet';
import { SignatureJournal } from '../../../shared/src/core/signature-ledger/signature-journal';
import type { RecordedSignature, SignatureLedgerStore } from '../../../shared/src/core/signature-ledger/signature-ledger-store';
import { SignatureMiner, type CanonicalSignature, type LearnedSignatureRow } from '../../../shared/src/core/signature';

const clock = { now: () => new Date('2026-12-01T08:00:00.000Z') };

class MemoryLedger implements SignatureLedgerStore {
  readonly recorded: RecordedSignature[] = [];
  readonly canonical: Array<CanonicalSignature & { consolidatedAt: string }> = [];
  failWith: Error | undefined;

  async recordLearned(rows: readonly RecordedSignature[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.recorded.push(...rows);
  }

  async readLearned(): Promise<RecordedSignature[]> {
    return [...this.recorded];
  }

  async saveCanonical(rows: readonly CanonicalSignature[], consolidatedAt: string): Promise<void> {
    this.canonical.push(...rows.map((row) => ({ ...row, consolidatedAt })));
  }
}

describe('SignatureMiner journal', () => {
  it('records nothing unless asked, then every new id and every generalisation with the old template', () => {
    const quiet = new SignatureMiner();
    quiet.add('PacketResponder 1 for block blk_123 terminating');
    expect(quiet.drainLearned()).toEqual([]);

    const miner = new SignatureMiner();
    miner.journalLearning();
    const first = miner.add('PacketResponder 1 for block blk_123 terminating');
    const second = miner.add('PacketResponder 0 for block blk_-987 terminating');
    expect(miner.drainLearned()).toEqual([
      { signatureId: first.signatureId, template: first.template, aliasOf: null },
      { signatureId: first.signatureId, template: first.template, aliasOf: second.signatureId },
      { signatureId: second.signatureId, template: second.template, aliasOf: null },
    ]);
    expect(miner.drainLearned()).toEqual([]);
  });
});

describe('SignatureJournal', () => {
  const rows: LearnedSignatureRow[] = [{ signatureId: 'sig_a', template: 'Worker pool started', aliasOf: null }];

  it('records drained rows under the instance id and the clock time', async () => {
    const ledger = new MemoryLedger();
    const journal = new SignatureJournal(() => [...rows], ledger, 'instance-1', clock);
    await expect(journal.flush()).resolves.toBe(1);
    expect(ledger.recorded).toEqual([{ ...rows[0], instanceId: 'instance-1', recordedAt: '2026-12-01T08:00:00.000Z' }]);
  });

  it('keeps rows an outage kept from the store and sends them with the next flush; drops rows refused for good', async () => {
    const ledger = new MemoryLedger();
    let batch = 0;
    const journal = new SignatureJournal(() => [{ signatureId: `sig_${(batch += 1)}`, template: `t${batch}`, aliasOf: null }], ledger, 'i', clock);
    ledger.failWith = new TransientStoreError('BigQuery 503');
    await expect(journal.flush()).rejects.toBeInstanceOf(TransientStoreError);
    ledger.failWith = undefined;
    await journal.flush();
    expect(ledger.recorded.map((row) => row.signatureId)).toEqual(['sig_1', 'sig_2']);
    ledger.failWith = new PermanentStoreError('invalid row');
    await expect(journal.flush()).rejects.toBeInstanceOf(PermanentStoreError);
    ledger.failWith = undefined;
    await journal.flush();
    expect(ledger.recorded.map((row) => row.signatureId)).toEqual(['sig_1', 'sig_2', 'sig_4']);
  });
});

describe('consolidateFleetSignatures', () => {
  it('merges the instances recorded in the store and saves the canonical id of every recorded id', async () => {
    const ledger = new MemoryLedger();
    for (const [instance, services] of [['i-1', ['alpha', 'bravo', 'charlie']], ['i-2', ['delta', 'echo', 'foxtrot']]] as const) {
      const miner = new SignatureMiner();
      miner.journalLearning();
      for (const service of services) miner.add(`Connection to service ${service} closed by peer`);
      await new SignatureJournal(() => miner.drainLearned(), ledger, instance, clock).flush();
    }
    const result = await consolidateFleetSignatures(ledger, clock);
    expect(result).toEqual({ instances: 2, signatureIds: 6, canonicalSignatures: 1, consolidatedAt: '2026-12-01T08:00:00.000Z' });
    expect(new Set(ledger.canonical.map((row) => row.canonicalId)).size).toBe(1);
    expect(ledger.canonical[0]?.template).toBe('Connection to service <*> closed by peer');
  });
});
