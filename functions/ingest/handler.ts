import type { CloudEvent } from '@google-cloud/functions-framework';
import { InputRejectedError } from '../../shared/src/core/domain/errors';
import type { IngestOutcome, IngestService } from '../../shared/src/core/ingest/ingest-service';
import { readMessagePublishedData } from '../../shared/src/core/ingest/pubsub-message';

export const PUBSUB_MESSAGE_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

function describeBody(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
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
