import type { ClassifiedEvent } from '../domain/pipeline-event';
import type { RejectionCode } from '../domain/errors';

export interface RejectedInput {
  /** Stable id of the rejected delivery (Pub/Sub messageId when known, else a content hash). */
  rejectionId: string;
  reason: RejectionCode;
  message: string;
  /** Raw payload, PII-masked and truncated before it reaches the store. */
  rawPayload: string;
  receivedAt: string;
  messageId?: string;
}

export type SaveOutcome = 'inserted' | 'duplicate';

/**
 * Durable history of pipeline events. Implementations must make saveEvent idempotent on eventId:
 * Pub/Sub delivers at least once and the same LogEntry may arrive twice.
 * Throws TransientStoreError when a retry may succeed, PermanentStoreError when it cannot.
 */
export interface EventStore {
  saveEvent(event: ClassifiedEvent): Promise<SaveOutcome>;
  saveRejected(rejection: RejectedInput): Promise<SaveOutcome>;
}
