import type { RemediationRequestPublisher } from '../remediation/remediation-messaging';
import { mayCallForPlaybook } from '../remediation/anomaly-playbooks';
import { outcomeRequest } from '../remediation/remediation-request-codec';
import type { StoredEventListener } from './ingest-service';

/**
 * Hands each newly stored event to remediation: failures to be decided on, successes and
 * cancellations to settle what was done about earlier failures. Progress lines need neither.
 */
export function publishForRemediation(publisher: RemediationRequestPublisher): StoredEventListener {
  return async (event, classification, health) => {
    const verdict = health?.verdict;
    const anomaly = verdict?.isAnomaly ? { score: verdict.score, kinds: [...new Set(verdict.findings.map((finding) => finding.kind))], reasons: verdict.reasons } : undefined;
    const withAnomaly = anomaly === undefined ? {} : { anomaly, scores: { anomaly: anomaly.score } };
    if (event.status === 'failed' && classification !== null) await publisher.publish({ event, classification, ...withAnomaly });
    else if (event.status === 'succeeded' || event.status === 'cancelled') {
      await publisher.publish(outcomeRequest(event));
      // A run that ended anomalous without failing (slow, small load) may still call for an anomaly playbook.
      if (anomaly !== undefined && mayCallForPlaybook(anomaly.kinds)) await publisher.publish({ ...outcomeRequest(event), ...withAnomaly });
    }
  };
}
