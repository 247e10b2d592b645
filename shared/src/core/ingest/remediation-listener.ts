import type { RemediationRequestPublisher } from '../remediation/remediation-messaging';
import { outcomeRequest } from '../remediation/remediation-request-codec';
import type { StoredEventListener } from './ingest-service';

/**
 * Hands each newly stored event to remediation: failures to be decided on, successes and
 * cancellations to settle what was done about earlier failures. Progress lines need neither.
 */
export function publishForRemediation(publisher: RemediationRequestPublisher): StoredEventListener {
  return async (event, classification) => {
    if (event.status === 'failed' && classification !== null) await publisher.publish({ event, classification });
    else if (event.status === 'succeeded' || event.status === 'cancelled') await publisher.publish(outcomeRequest(event));
  };
}
