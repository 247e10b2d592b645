import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { JsonObject } from '../../core/domain/log-entry';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { describeApiError, failedResult, invalidAction, redactSecrets, resultFromFailure } from './api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from './google-client-settings';
import { checkOutboundTarget, type OutboundPolicy, type ResolvedAddress } from './outbound-target';
import { postPinned } from './pinned-post';

export interface WebhookNotifyExecutorOptions extends GoogleApiSettings {
  /** Project of secrets named by id alone; without it only resource names are accepted. */
  projectId?: string;
  /** Deadline of the webhook POST; default 10 s. */
  webhookTimeoutMs?: number;
  /** DNS and address rules for the webhook URL; production leaves it unset (public https only). */
  outbound?: OutboundPolicy;
}

const RETRYABLE_WEBHOOK_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Posts a Slack-compatible message ({text, blocks}) to an incoming-webhook URL kept in Secret Manager
 * (versions.access, GET /v1/{name}:access, through the generated client on its REST transport).
 * The URL is the credential: it is read per notification so a rotation applies at once, and it
 * appears in no result detail, error or log line.
 */
export class WebhookNotifyExecutor implements ActionExecutor<'notify.webhook'> {
  readonly kinds = ['notify.webhook'] as const;
  private readonly client: GaxClient<SecretManagerServiceClient>;

  constructor(private readonly options: WebhookNotifyExecutorOptions) {
    this.client = new GaxClient(
      () => new SecretManagerServiceClient(gaxRestOptions<ConstructorParameters<typeof SecretManagerServiceClient>[0]>(options)),
    );
  }

  async execute(action: ActionOf<'notify.webhook'>): Promise<ExecutionResult> {
    const versionName = this.versionName(action.webhookSecretName);
    if (!versionName) {
      const allowed = this.options.projectId === undefined ? 'a secret resource name (no project is configured for a bare secret id)' : 'a secret id or resource name';
      return invalidAction(`webhookSecretName "${action.webhookSecretName}" is not ${allowed}`);
    }
    const payload = slackPayload(action.payload);
    if (typeof payload === 'string') return invalidAction(payload);

    let secretText: string;
    try {
      const secrets = await this.client.ready();
      const [version] = await withDeadline(secrets.accessSecretVersion({ name: versionName }, gaxCallOptions(this.options)), this.options);
      secretText = version.payload?.data ? Buffer.from(version.payload.data).toString('utf8').trim() : '';
    } catch (error) {
      return failedResult(`secretmanager versions.access ${versionName}`, error);
    }
    let webhook: URL;
    try {
      webhook = new URL(secretText);
    } catch {
      return { status: 'failed', detail: `secret ${versionName} does not hold a URL`, retryable: false };
    }
    // Checked after resolution, and the connection goes to the checked address: a webhook URL must
    // not reach the metadata server, link-local, private or loopback addresses through a DNS name.
    const target = await checkOutboundTarget(webhook, this.options.outbound);
    if (!target.allowed) return { status: 'failed', detail: `secret ${versionName} holds a webhook URL that may not be called: ${target.why}`, retryable: false };
    return this.post(webhook, payload, versionName, target.address);
  }

  private async post(webhook: URL, payload: JsonObject, versionName: string, address: ResolvedAddress): Promise<ExecutionResult> {
    const operation = `webhook POST (URL from ${versionName})`;
    try {
      const response = await postPinned(webhook, JSON.stringify(payload), address, this.options.webhookTimeoutMs ?? 10_000);
      const body = scrub(response.text, webhook);
      if (response.status >= 200 && response.status < 300) {
        return { status: 'submitted', detail: `webhook accepted the message (HTTP ${response.status})`, retryable: false, httpStatus: response.status };
      }
      // A redirect is not followed: it would replay the message to a host nobody configured.
      return {
        status: 'failed',
        detail: `${operation} failed: HTTP ${response.status}${body ? `: ${body}` : ''}`,
        retryable: RETRYABLE_WEBHOOK_STATUS.has(response.status),
        httpStatus: response.status,
      };
    } catch (error) {
      const failure = describeApiError(error);
      return resultFromFailure(operation, { ...failure, message: scrub(failure.message, webhook) });
    }
  }

  private versionName(secret: string): string | undefined {
    const segment = '[A-Za-z0-9_-]+';
    if (new RegExp(`^projects/${segment}/secrets/${segment}/versions/${segment}$`).test(secret)) return secret;
    if (new RegExp(`^projects/${segment}/secrets/${segment}$`).test(secret)) return `${secret}/versions/latest`;
    if (this.options.projectId !== undefined && new RegExp(`^${segment}$`).test(secret)) return `projects/${this.options.projectId}/secrets/${secret}/versions/latest`;
    return undefined;
  }
}

/** Slack needs `text` (the notification and accessibility fallback); `blocks`, when present, is a list. */
function slackPayload(payload: JsonObject): JsonObject | string {
  if (typeof payload.text !== 'string' || payload.text.trim().length === 0) return 'payload.text must be a non-empty string';
  if (payload.blocks !== undefined && !Array.isArray(payload.blocks)) return 'payload.blocks must be a list of blocks';
  return payload;
}

/** Removes the webhook URL, or any part of its path, before text can reach a stored detail. */
function scrub(text: string, webhook: URL): string {
  let cleaned = text.split(webhook.href).join('[webhook]');
  if (webhook.pathname.length > 1) cleaned = cleaned.split(webhook.pathname).join('[webhook path]');
  return redactSecrets(cleaned).slice(0, 300);
}
