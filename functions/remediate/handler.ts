import type { CloudEvent } from '@google-cloud/functions-framework';
import { InputRejectedError } from '../../shared/src/core/domain/errors';
import { decodeBase64Strict, parseJsonStrict } from '../../shared/src/core/ingest/decode-payload';
import { readMessagePublishedData } from '../../shared/src/core/ingest/pubsub-message';
import type { Logger } from '../../shared/src/core/ports/logger';
import { dispatchRemediation, type DispatchResult } from '../../shared/src/core/remediation/remediation-dispatcher';
import { parseRemediationRequest } from '../../shared/src/core/remediation/remediation-request-codec';
import type { RemediationService } from '../../shared/src/core/remediation/remediation-service';

/** Remediation requests are small JSON documents; anything near this size is not one. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * A malformed request is logged with the field at fault and acknowledged (redelivery cannot fix
 * it); a coordination-store or API failure that may pass is thrown so Pub/Sub redelivers, and the
 * action key keeps the redelivery from acting twice.
 */
export function createRemediateHandler(getService: () => Promise<RemediationService>, logger: Logger) {
  return async (event: CloudEvent<unknown>): Promise<DispatchResult | { kind: 'rejected'; reason: string }> => {
    let request;
    try {
      const message = readMessagePublishedData(event.data);
      request = parseRemediationRequest(parseJsonStrict(decodeBase64Strict(message.base64Data, MAX_REQUEST_BYTES)));
    } catch (error) {
      if (!(error instanceof InputRejectedError)) throw error;
      logger.log('ERROR', `remediation request rejected: ${error.code}`, { reason: error.code, detail: error.message, cloudEventId: event.id });
      return { kind: 'rejected', reason: `${error.code}: ${error.message}` };
    }
    const result = await dispatchRemediation(await getService(), request);
    if (result.kind === 'decided') {
      const { decision } = result;
      logger.log(decision.status === 'escalated' || decision.status === 'refused' ? 'WARNING' : 'INFO', `remediation ${decision.status}: ${decision.strategy ?? 'none'}`, {
        eventId: request.event.eventId,
        pipelineId: request.event.pipelineId,
        runId: request.event.runId,
        actionKey: decision.actionKey,
        autonomy: decision.autonomy,
        dryRun: decision.dryRun,
        executed: decision.executed,
        duplicate: decision.duplicate,
        reason: decision.reason,
      });
    } else if (result.kind === 'settled' && result.settled.length > 0) {
      logger.log('INFO', `settled ${result.settled.length} remediation action(s)`, { eventId: request.event.eventId, settled: result.settled });
    }
    return result;
  };
}
