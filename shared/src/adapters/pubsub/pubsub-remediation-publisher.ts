import { v1 } from '@google-cloud/pubsub';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import type { RemediationRequest } from '../../core/remediation/decision';
import type { RemediationRequestPublisher } from '../../core/remediation/remediation-messaging';
import { describeApiError, formatFailure } from '../executors/api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from '../executors/google-client-settings';

export const DEFAULT_REMEDIATION_TOPIC = 'remediation-requests';

export interface PubSubRemediationPublisherOptions extends GoogleApiSettings {
  /** Project of the topic when it is named by id alone. */
  projectId: string;
  /** Topic id or full name (projects/{project}/topics/{topic}); default remediation-requests. */
  topic?: string;
  /**
   * Sends pipelineId as the message's orderingKey, so a subscription with message ordering enabled
   * delivers one pipeline's failures and successes in publish order. Off by default: ordering is a
   * property of the subscription (the Eventarc trigger of the remediate function does not enable it),
   * it only holds for messages published in one region, and with it on Pub/Sub holds later messages
   * of a key back while an earlier one is unacknowledged.
   */
  orderByPipeline?: boolean;
}

type PublisherClient = InstanceType<typeof v1.PublisherClient>;

/** Pub/Sub limits: attribute values up to 1024 bytes, ordering keys up to 1024 bytes. */
const MAX_ATTRIBUTE_BYTES = 1024;
const TOPIC_ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;

/**
 * RemediationRequestPublisher on Pub/Sub: one topics.publish call
 * (POST /v1/projects/{project}/topics/{topic}:publish) per request, through @google-cloud/pubsub's
 * generated PublisherClient on its REST transport (see PubSubNotifyExecutor for why not the batching
 * PubSub/Topic layer). The data is the request as JSON, which parseRemediationRequest reads back;
 * the attributes eventId, pipelineId and status let a subscription filter without decoding it.
 *
 * Failures the one list of retryable codes (describeApiError) calls retryable, and unanswered calls,
 * throw TransientStoreError: the ingest delivery is retried. Anything else (an oversized message, a
 * missing topic, no publish permission) throws PermanentStoreError: the same call cannot succeed.
 */
export class PubSubRemediationPublisher implements RemediationRequestPublisher {
  readonly topic: string;
  private readonly client: GaxClient<PublisherClient>;

  constructor(private readonly options: PubSubRemediationPublisherOptions) {
    this.topic = topicName(options.topic ?? DEFAULT_REMEDIATION_TOPIC, options.projectId);
    this.client = new GaxClient(() => new v1.PublisherClient(gaxRestOptions<ConstructorParameters<typeof v1.PublisherClient>[0]>(options)));
  }

  async publish(request: RemediationRequest): Promise<void> {
    const { event } = request;
    const attributes = { eventId: event.eventId, pipelineId: event.pipelineId, status: event.status };
    for (const [name, value] of Object.entries(attributes)) {
      if (Buffer.byteLength(value, 'utf8') > MAX_ATTRIBUTE_BYTES) {
        throw new PermanentStoreError(`remediation request for event ${event.eventId}: attribute ${name} is longer than ${MAX_ATTRIBUTE_BYTES} bytes`, [
          { rowId: event.eventId, reason: 'invalid', message: `${name} too long` },
        ]);
      }
    }
    const message = {
      data: Buffer.from(JSON.stringify(request), 'utf8'),
      attributes,
      ...(this.options.orderByPipeline === true ? { orderingKey: event.pipelineId } : {}),
    };
    const operation = `pubsub topics.publish ${this.topic}`;
    let messageIds: readonly string[] | null | undefined;
    try {
      const publisher = await this.client.ready();
      const [response] = await withDeadline(publisher.publish({ topic: this.topic, messages: [message] }, gaxCallOptions(this.options)), this.options);
      messageIds = response.messageIds;
    } catch (error) {
      const failure = describeApiError(error);
      const text = `remediation request for event ${event.eventId}: ${formatFailure(operation, failure)}`;
      // No HTTP status and not classified: the call never got an answer, so a retry is the sound reading.
      if (failure.retryable || failure.httpStatus === undefined) throw new TransientStoreError(text, { cause: error });
      throw new PermanentStoreError(text, [{ rowId: event.eventId, reason: failure.status ?? String(failure.httpStatus), message: failure.message }], { cause: error });
    }
    // An answer without a message id does not prove the message was stored; publishing again is safe (at-least-once).
    if (!messageIds?.[0]) throw new TransientStoreError(`remediation request for event ${event.eventId}: ${operation} answered without a message id`);
  }
}

function topicName(topic: string, projectId: string): string {
  // https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names
  const full = /^projects\/([^/]+)\/topics\/([^/]+)$/.exec(topic);
  const id = full ? (full[2] as string) : topic;
  if (!TOPIC_ID.test(id) || id.startsWith('goog')) throw new RangeError(`remediation topic "${topic}" must be a topic id or projects/{project}/topics/{topic}`);
  return full ? topic : `projects/${projectId}/topics/${topic}`;
}
