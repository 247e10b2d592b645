import type { KnowledgeBaseStore } from './knowledge-base-store';
import { validateKnowledgeCsv, type KnowledgeCsvError } from './validate-knowledge-csv';

export type KnowledgeUploadResult =
  | { ok: true; applied: number; inserted: number; updated: number }
  | { ok: false; errors: KnowledgeCsvError[] };

/**
 * Upload of a knowledge-base CSV: all or nothing. An invalid file is reported with every problem
 * (row + field) and the store is not touched; a valid one is upserted in one store call, which is
 * itself all or nothing. Entries not in the file are kept. Store failures propagate
 * (TransientStoreError / PermanentStoreError) and, by the store's contract, applied nothing either.
 */
export async function uploadKnowledgeCsv(text: string, store: KnowledgeBaseStore): Promise<KnowledgeUploadResult> {
  const validation = validateKnowledgeCsv(text);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const { inserted, updated } = await store.upsertEntries(validation.entries);
  return { ok: true, applied: validation.entries.length, inserted, updated };
}
