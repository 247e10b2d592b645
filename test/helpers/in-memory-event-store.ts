import { TransientStoreError } from '../../shared/src/core/domain/errors';
import type { ClassifiedEvent } from '../../shared/src/core/domain/pipeline-event';
import type { EventStore, RejectedInput, SaveOutcome } from '../../shared/src/core/ports/event-store';

/** Test double for the EventStore port with the same idempotency contract as the real adapters. */
export class InMemoryEventStore implements EventStore {
  readonly events = new Map<string, ClassifiedEvent>();
  readonly rejected = new Map<string, RejectedInput>();
  /** Number of upcoming saveEvent calls that fail as a transient outage would. */
  failNextSaves = 0;

  async saveEvent(event: ClassifiedEvent): Promise<SaveOutcome> {
    if (this.failNextSaves > 0) {
      this.failNextSaves -= 1;
      throw new TransientStoreError('simulated store outage: 503 backendError');
    }
    if (this.events.has(event.eventId)) return 'duplicate';
    this.events.set(event.eventId, event);
    return 'inserted';
  }

  async saveRejected(rejection: RejectedInput): Promise<SaveOutcome> {
    if (this.rejected.has(rejection.rejectionId)) return 'duplicate';
    this.rejected.set(rejection.rejectionId, rejection);
    return 'inserted';
  }
}
