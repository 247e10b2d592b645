import { PubSub, type ClientConfig, type Topic } from '@google-cloud/pubsub';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { failedResult, invalidAction } from './api-errors';
import { gaxCallOptions, gaxRestOptions, type GoogleApiSettings } from './google-client-settings';

export interface PubSubNotifyExecutorOptions extends GoogleApiSettings {
  /**
   * Project of topics named by id alone (full names, projects/p/topics/t, may point elsewhere).
   * Required so the client never has to ask the metadata server for one.
   */
  projectId: string;
}

/**
 * Publishes a notification as one JSON message (topics.publish, base64 data + string attributes)
 * through @google-cloud/pubsub on its REST transport. Each message goes out on its own, because a
 * notification that waits in a batch can be lost when the function instance is frozen.
 */
export class PubSubNotifyExecutor implements ActionExecutor<'notify.pubsub'> {
  readonly kinds = ['notify.pubsub'] as const;
  private client?: PubSub;
  private readonly topics = new Map<string, Topic>();

  constructor(private readonly options: PubSubNotifyExecutorOptions) {}

  async execute(action: ActionOf<'notify.pubsub'>): Promise<ExecutionResult> {
    const topicName = this.topicName(action.topic);
    if (!topicName) {
      return invalidAction(`topic "${action.topic}" must be projects/{project}/topics/{topic}, or a topic id`);
    }
    try {
      const messageId = await this.topic(topicName).publishMessage({ json: action.message, attributes: action.attributes ?? {} });
      return { status: 'submitted', externalId: messageId, detail: `published message ${messageId} to ${topicName}`, retryable: false };
    } catch (error) {
      return failedResult(`pubsub topics.publish ${topicName}`, error);
    }
  }

  /** Releases the client's connections; call on shutdown. */
  async close(): Promise<void> {
    await this.client?.close();
  }

  private topicName(topic: string): string | undefined {
    // https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names
    const id = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;
    const full = /^projects\/([^/]+)\/topics\/([^/]+)$/.exec(topic);
    if (full?.[2]) return id.test(full[2]) ? topic : undefined;
    if (!id.test(topic) || topic.startsWith('goog')) return undefined;
    return `projects/${this.options.projectId}/topics/${topic}`;
  }

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = this.pubsub().topic(name, {
        batching: { maxMessages: 1, maxMilliseconds: 0 },
        gaxOpts: gaxCallOptions(this.options),
      });
      this.topics.set(name, topic);
    }
    return topic;
  }

  private pubsub(): PubSub {
    if (!this.client) {
      const config: ClientConfig = {
        ...gaxRestOptions<ClientConfig>(this.options),
        // PubSub parses host:port out of apiEndpoint itself and would drop a separate port.
        ...(this.options.apiEndpoint ? { apiEndpoint: this.options.apiEndpoint, port: undefined } : {}),
        // An endpoint outside googleapis.com would otherwise switch to emulator mode and stop sending credentials.
        emulatorMode: false,
        projectId: this.options.projectId,
      };
      this.client = new PubSub(config);
    }
    return this.client;
  }
}
