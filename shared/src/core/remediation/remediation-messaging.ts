import type { RemediationRecord } from './remediation-record';
import type { RemediationRequest } from './decision';

/**
 * Carries what ingest learned to the remediate side: failures to decide on, and successes and
 * cancellations that settle pending actions (Pub/Sub "remediation-requests" in production, an
 * in-process call locally).
 */
export interface RemediationRequestPublisher {
  publish(request: RemediationRequest): Promise<void>;
}

/**
 * Append-only copy of every record version for analytics (BigQuery `remediation_actions`). The
 * coordination store stays the source of truth; the sink is the audit trail.
 */
export interface RemediationRecordSink {
  write(record: RemediationRecord): Promise<void>;
}
