import type { Clock } from '../ports/clock';
import { ledgerOfRows, SignatureConsolidation, type CanonicalSignature } from '../signature/consolidate';
import type { SignatureMinerOptions } from '../signature/options';
import type { RecordedSignature, SignatureLedgerStore } from './signature-ledger-store';

export interface FleetConsolidationResult {
  instances: number;
  signatureIds: number;
  canonicalSignatures: number;
  consolidatedAt: string;
}

/**
 * Reads every recorded signature, merges the instances as SignatureConsolidation does, and stores the
 * canonical id of every recorded id, so stored events group by canonical signature.
 */
export async function consolidateFleetSignatures(store: SignatureLedgerStore, clock: Clock, options: SignatureMinerOptions = {}): Promise<FleetConsolidationResult> {
  const recorded = await store.readLearned();
  const byInstance = new Map<string, RecordedSignature[]>();
  for (const row of recorded) {
    const rows = byInstance.get(row.instanceId) ?? [];
    rows.push(row);
    byInstance.set(row.instanceId, rows);
  }
  const instanceIds = [...byInstance.keys()].sort();
  const consolidation = SignatureConsolidation.of(
    instanceIds.map((id) => ledgerOfRows(byInstance.get(id) ?? [])),
    options,
  );
  const ids = [...new Set(recorded.map((row) => row.signatureId))].sort();
  const canonical = ids.map((id) => consolidation.canonicalOf(id)).filter((row): row is CanonicalSignature => row !== undefined);
  const consolidatedAt = clock.now().toISOString();
  if (canonical.length > 0) await store.saveCanonical(canonical, consolidatedAt);
  return { instances: instanceIds.length, signatureIds: ids.length, canonicalSignatures: new Set(canonical.map((row) => row.canonicalId)).size, consolidatedAt };
}
