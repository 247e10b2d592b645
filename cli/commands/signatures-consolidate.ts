import type { Clock } from '../../shared/src/core/ports/clock';
import { consolidateFleetSignatures } from '../../shared/src/core/signature-ledger/consolidate-fleet';
import type { SignatureLedgerStore } from '../../shared/src/core/signature-ledger/signature-ledger-store';
import type { Command } from '../io';

export interface OpenedLedger {
  store: SignatureLedgerStore;
  close(): Promise<void>;
}

/**
 * `flexiroaster signatures consolidate`: the fleet consolidation over the configured store. Reads what
 * every instance recorded in signature_aliases and appends the canonical id of each recorded id to
 * signature_canonical; prints one JSON summary line.
 */
export function createSignaturesConsolidateCommand(open: () => Promise<OpenedLedger>, clock: Clock): Command {
  return async (args, io) => {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write('usage: flexiroaster signatures consolidate\n');
      return 0;
    }
    if (args.length > 0) {
      io.stderr.write(`signatures consolidate: unknown argument ${JSON.stringify(args[0])}\nusage: flexiroaster signatures consolidate\n`);
      return 2;
    }
    const ledger = await open();
    try {
      const result = await consolidateFleetSignatures(ledger.store, clock);
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    } finally {
      await ledger.close();
    }
  };
}
