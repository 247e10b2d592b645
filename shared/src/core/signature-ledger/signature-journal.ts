import { PermanentStoreError } from '../domain/errors';
import type { LearnedSignatureRow } from '../signature/consolidate';
import type { Clock } from '../ports/clock';
import type { SignatureLedgerStore } from './signature-ledger-store';

/**
 * Hands what an instance's miner learned to the ledger store. Rows an outage kept from the store are
 * sent again with the next flush, so an outage delays them but does not lose them.
 */
export class SignatureJournal {
  private pending: LearnedSignatureRow[] = [];

  constructor(
    private readonly drain: () => LearnedSignatureRow[],
    private readonly store: SignatureLedgerStore,
    private readonly instanceId: string,
    private readonly clock: Clock,
  ) {}

  async flush(): Promise<number> {
    const rows = [...this.pending, ...this.drain()];
    if (rows.length === 0) return 0;
    const recordedAt = this.clock.now().toISOString();
    try {
      await this.store.recordLearned(rows.map((row) => ({ ...row, instanceId: this.instanceId, recordedAt })));
      this.pending = [];
      return rows.length;
    } catch (error) {
      // Kept for the next flush only when the store may take them later; rows refused for good are dropped.
      this.pending = error instanceof PermanentStoreError ? [] : rows;
      throw error;
    }
  }
}
