import type { CloudEvent } from '@google-cloud/functions-framework';
import { InputRejectedError } from '../../shared/src/core/domain/errors';
import type { IngestOutcome, IngestService } from '../../shared/src/core/ingest/ingest-service';
import { MAX_JSON_DEPTH, valueDeeperThan } from '../../shared/src/core/ingest/json-depth';
import { readMessagePublishedData } from '../../shared/src/core/ingest/pubsub-message';

export const PUBSUB_MESSAGE_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

/** The envelope as text for rejected_events; a value too deep to serialise is described instead (JSON.stringify recurses). */
function describeBody(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (valueDeeperThan(data, MAX_JSON_DEPTH)) return `[CloudEvent data nested deeper than ${MAX_JSON_DEPTH} levels]`;
  return JSON.stringify(data ?? null);
}

/**
 * Returning acknowledges the message (stored, duplicate, or recorded as rejected); throwing asks
 * Pub/Sub to redeliver, which is only right for failures that may pass.
 */
export function createIngestHandler(getService: () => Promise<IngestService>) {
  return async (event: CloudEvent<unknown>): Promise<IngestOutcome> => {
    const service = await getService();
    if (event.type !== undefined && event.type !== PUBSUB_MESSAGE_PUBLISHED) {
      const error = new InputRejectedError('not_pubsub_event', `CloudEvent type "${event.type}" is not ${PUBSUB_MESSAGE_PUBLISHED}`);
      return service.rejectEnvelope(error, describeBody(event.data), event.id);
    }
    if (valueDeeperThan(event.data, MAX_JSON_DEPTH)) {
      const error = new InputRejectedError('too_deep', `CloudEvent data nests deeper than ${MAX_JSON_DEPTH} levels`);
      return service.rejectEnvelope(error, describeBody(event.data), event.id);
    }
    let message;
    try {
      message = readMessagePublishedData(event.data);
    } catch (error) {
      if (error instanceof InputRejectedError) return service.rejectEnvelope(error, describeBody(event.data), event.id);
      throw error;
    }
    return service.ingest(message);
  };
}
