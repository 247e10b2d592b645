import { createHash } from 'node:crypto';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { PUBSUB_MESSAGE_PUBLISHED } from '../functions/ingest/handler';
import type { MessagePublishedData } from '../shared/src/core/ingest/pubsub-message';

const TOPIC = 'projects/local-project/topics/pipeline-logs';

/**
 * Wraps one record exactly as a log sink → Pub/Sub → Eventarc delivery looks, so replay exercises
 * the real handler. The message id is derived from position and content: replaying a file again
 * redelivers the same messages, as Pub/Sub would.
 */
export function toPubSubCloudEvent(record: string, index: number, publishTime: string): CloudEvent<MessagePublishedData> {
  const messageId = createHash('sha256').update(`${index}\n${record}`).digest('hex').slice(0, 16);
  const attributes: Record<string, string> = {};
  const timestamp = timestampOf(record);
  if (timestamp !== undefined) attributes['logging.googleapis.com/timestamp'] = timestamp;
  return {
    specversion: '1.0',
    id: messageId,
    source: `//pubsub.googleapis.com/${TOPIC}`,
    type: PUBSUB_MESSAGE_PUBLISHED,
    datacontenttype: 'application/json',
    time: publishTime,
    data: {
      message: { data: Buffer.from(record, 'utf8').toString('base64'), attributes, messageId, publishTime },
      subscription: 'projects/local-project/subscriptions/eventarc-ingest',
    },
  };
}

function timestampOf(record: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(record);
    if (typeof parsed === 'object' && parsed !== null && 'timestamp' in parsed) {
      const value = (parsed as { timestamp: unknown }).timestamp;
      return typeof value === 'string' ? value : undefined;
    }
  } catch {
    // Malformed records are still delivered; the handler records why they were rejected.
  }
  return undefined;
}
