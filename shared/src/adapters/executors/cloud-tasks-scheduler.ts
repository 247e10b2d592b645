import { createHash } from 'node:crypto';
import { CloudTasksClient } from '@google-cloud/tasks';
import type { JsonObject } from '../../core/domain/log-entry';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import type { DeferredActionScheduler } from '../../core/remediation/actions';
import { describeApiError, formatFailure } from './api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from './google-client-settings';

export interface CloudTasksSchedulerOptions extends GoogleApiSettings {
  queue: { projectId: string; location: string; queueId: string };
  /** URL of the remediate function's HTTP endpoint that runs a deferred action. */
  targetUrl: string;
  /** Identity Cloud Tasks signs the OIDC token as; it needs run.invoker on the target. */
  serviceAccountEmail: string;
  /** OIDC audience the target checks; default targetUrl. */
  audience?: string;
}

/**
 * Runs an action later through a Cloud Tasks HTTP task (tasks.create, POST /v2/{queue}/tasks) with
 * scheduleTime = notBefore and an OIDC token for the target. The task id is a hash of the action
 * key: Cloud Tasks refuses a second task with the same name (ALREADY_EXISTS), so scheduling the same
 * action twice yields one run. Hashed ids also follow Cloud Tasks' advice against sequential names.
 */
export class CloudTasksDeferredActionScheduler implements DeferredActionScheduler {
  private readonly client: GaxClient<CloudTasksClient>;
  private readonly queuePath: string;

  constructor(private readonly options: CloudTasksSchedulerOptions) {
    this.client = new GaxClient(() => new CloudTasksClient(gaxRestOptions<ConstructorParameters<typeof CloudTasksClient>[0]>(options)));
    const { projectId, location, queueId } = options.queue;
    this.queuePath = `projects/${projectId}/locations/${location}/queues/${queueId}`;
    const target = new URL(options.targetUrl);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error(`targetUrl must be an http(s) URL`);
  }

  async schedule(request: { actionKey: string; notBefore: Date; payload: JsonObject }): Promise<{ taskName: string }> {
    const taskName = `${this.queuePath}/tasks/${taskIdFor(request.actionKey)}`;
    const millis = request.notBefore.getTime();
    if (!Number.isFinite(millis)) throw new PermanentStoreError(`cloudtasks tasks.create ${taskName}: notBefore is not a valid date`);
    try {
      const tasks = await this.client.ready();
      const task = {
        name: taskName,
        scheduleTime: { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 },
        httpRequest: {
          url: this.options.targetUrl,
          httpMethod: 'POST' as const,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify(request.payload), 'utf8'),
          oidcToken: { serviceAccountEmail: this.options.serviceAccountEmail, audience: this.options.audience ?? this.options.targetUrl },
        },
      };
      await withDeadline(tasks.createTask({ parent: this.queuePath, task }, gaxCallOptions(this.options)), this.options);
      return { taskName };
    } catch (error) {
      const failure = describeApiError(error);
      if (failure.status === 'ALREADY_EXISTS') return { taskName };
      const message = formatFailure(`cloudtasks tasks.create ${taskName}`, failure);
      throw failure.retryable ? new TransientStoreError(message) : new PermanentStoreError(message);
    }
  }
}

/** Task ids allow [A-Za-z0-9_-] up to 500 chars; a SHA-256 of the action key fits and spreads evenly. */
export function taskIdFor(actionKey: string): string {
  return createHash('sha256').update(actionKey, 'utf8').digest('hex');
}
