import { createHash } from 'node:crypto';
import { canonicalTimestamp } from '../schema/rows';
import type { SignatureAliasRow, SignatureCanonicalRow } from '../schema/tables';
import type { CanonicalSignature } from '../signature/consolidate';
import type { RecordedSignature } from './signature-ledger-store';

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export function toSignatureAliasRow(recorded: RecordedSignature): SignatureAliasRow {
  return {
    row_id: digest([recorded.instanceId, recorded.signatureId, recorded.aliasOf ?? '']),
    instance_id: recorded.instanceId,
    signature_id: recorded.signatureId,
    template: recorded.template,
    alias_of: recorded.aliasOf,
    recorded_at: canonicalTimestamp(recorded.recordedAt),
  };
}

export function fromSignatureAliasRow(row: Record<string, unknown>): RecordedSignature {
  const recordedAt = row.recorded_at instanceof Date ? row.recorded_at.toISOString() : String(row.recorded_at);
  return {
    instanceId: String(row.instance_id),
    signatureId: String(row.signature_id),
    template: String(row.template),
    aliasOf: row.alias_of === null || row.alias_of === undefined ? null : String(row.alias_of),
    recordedAt,
  };
}

export function toSignatureCanonicalRow(canonical: CanonicalSignature, consolidatedAt: string): SignatureCanonicalRow {
  return {
    row_id: digest([canonical.signatureId, consolidatedAt]),
    signature_id: canonical.signatureId,
    canonical_id: canonical.canonicalId,
    canonical_template: canonical.template,
    consolidated_at: canonicalTimestamp(consolidatedAt),
  };
}
