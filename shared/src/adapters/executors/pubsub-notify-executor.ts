import { v1 } from '@google-cloud/pubsub';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { failedResult, invalidAction } from './api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from './google-client-settings';

export interface PubSubNotifyExecutorOptions extends GoogleApiSettings {
  /** Project of topics named by id alone (full names, projects/p/topics/t, may point elsewhere); without it only full names are accepted. */
  projectId?: string;
}

type PublisherClient = InstanceType<typeof v1.PublisherClient>;

/**
 * Publishes a notification as one JSON message (topics.publish: POST /v1/{topic}:publish with base64
 * data and string attributes) through @google-cloud/pubsub's generated PublisherClient on its REST
 * transport. Not the PubSub/Topic layer: its batching would hold a message in memory where a frozen
 * function instance can lose it, its emulator heuristics switch off credentials for any endpoint
 * outside googleapis.com, and it lets a failed client initialization escape as an unhandled rejection.
 */
export class PubSubNotifyExecutor implements ActionExecutor<'notify.pubsub'> {
  readonly kinds = ['notify.pubsub'] as const;
  private readonly client: GaxClient<PublisherClient>;

  constructor(private readonly options: PubSubNotifyExecutorOptions) {
    this.client = new GaxClient(() => new v1.PublisherClient(gaxRestOptions<ConstructorParameters<typeof v1.PublisherClient>[0]>(options)));
  }

  async execute(action: ActionOf<'notify.pubsub'>): Promise<ExecutionResult> {
    const topic = this.topicName(action.topic);
    if (!topic) {
      const allowed = this.options.projectId === undefined ? 'projects/{project}/topics/{topic} (no project is configured for a bare topic id)' : 'projects/{project}/topics/{topic}, or a topic id';
      return invalidAction(`topic "${action.topic}" must be ${allowed}`);
    }
    try {
      const publisher = await this.client.ready();
      const message = { data: Buffer.from(JSON.stringify(action.message), 'utf8'), attributes: action.attributes ?? {} };
      const [response] = await withDeadline(publisher.publish({ topic, messages: [message] }, gaxCallOptions(this.options)), this.options);
      const messageId = response.messageIds?.[0];
      if (!messageId) return { status: 'failed', detail: `pubsub topics.publish ${topic}: response named no message id`, retryable: false };
      return { status: 'submitted', externalId: messageId, detail: `published message ${messageId} to ${topic}`, retryable: false };
    } catch (error) {
      return failedResult(`pubsub topics.publish ${topic}`, error);
    }
  }

  private topicName(topic: string): string | undefined {
    // https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names
    const id = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;
    const full = /^projects\/([^/]+)\/topics\/([^/]+)$/.exec(topic);
    if (full?.[2]) return id.test(full[2]) && !full[2].startsWith('goog') ? topic : undefined;
    if (!id.test(topic) || topic.startsWith('goog') || this.options.projectId === undefined) return undefined;
    return `projects/${this.options.projectId}/topics/${topic}`;
  }
}
