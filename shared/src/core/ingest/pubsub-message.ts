import { InputRejectedError } from '../domain/errors';

/**
 * The `data` of a `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent
 * (google.events.cloud.pubsub.v1.MessagePublishedData). Both JSON spellings occur in the wild:
 * the Eventarc/CloudEvents form uses camelCase, the proto JSON mapping of some emulators snake_case.
 */
export interface PubSubMessage {
  data?: string;
  attributes?: Record<string, string>;
  messageId?: string;
  message_id?: string;
  publishTime?: string;
  publish_time?: string;
  orderingKey?: string;
}

export interface MessagePublishedData {
  message: PubSubMessage;
  subscription?: string;
}

export interface DecodedPubSubMessage {
  messageId?: string;
  publishTime?: string;
  attributes: Record<string, string>;
  /** base64 text exactly as delivered; decoding is a separate, checked step. */
  base64Data: string;
}

/** Attribute a log sink sets on every message: the LogEntry's timestamp. */
export const SINK_TIMESTAMP_ATTRIBUTE = 'logging.googleapis.com/timestamp';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function readAttributes(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const attributes: Record<string, string> = {};
  for (const [key, inner] of Object.entries(value)) if (typeof inner === 'string') attributes[key] = inner;
  return attributes;
}

export function readMessagePublishedData(eventData: unknown): DecodedPubSubMessage {
  if (!isRecord(eventData) || !isRecord(eventData.message)) {
    throw new InputRejectedError('not_pubsub_event', 'CloudEvent data has no "message" object; expected MessagePublishedData');
  }
  const message = eventData.message;
  const data = message.data;
  if (data !== undefined && typeof data !== 'string') {
    throw new InputRejectedError('not_pubsub_event', `message.data must be a base64 string, got ${typeof data}`);
  }
  const decoded: DecodedPubSubMessage = {
    attributes: readAttributes(message.attributes),
    base64Data: data ?? '',
  };
  const messageId = stringOrUndefined(message.messageId) ?? stringOrUndefined(message.message_id);
  const publishTime = stringOrUndefined(message.publishTime) ?? stringOrUndefined(message.publish_time);
  if (messageId !== undefined) decoded.messageId = messageId;
  if (publishTime !== undefined) decoded.publishTime = publishTime;
  return decoded;
}
