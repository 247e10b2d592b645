import type { JsonObject } from '../../core/domain/log-entry';
import type { DeferredActionScheduler } from '../../core/remediation/actions';

/**
 * The embedded stand-in for Cloud Tasks: runs a deferred action in this process when its time comes.
 * Timers do not keep the process alive; an action whose process ended first is settled by its
 * record's deadline (`expire`), exactly as a lost Cloud Task would be.
 */
export class InProcessScheduler implements DeferredActionScheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private runner: ((actionKey: string) => Promise<unknown>) | undefined;

  /**
   * @param onError told when a deferred run fails. The action stays as it was and its deadline settles
   * it, as with a Cloud Task that gave up; the failure never escapes as an unhandled rejection.
   */
  constructor(private readonly onError: (actionKey: string, error: unknown) => void = () => undefined) {}

  /** Set once the service exists: the scheduler and the service need each other. */
  bind(runner: (actionKey: string) => Promise<unknown>): void {
    this.runner = runner;
  }

  async schedule(request: { actionKey: string; notBefore: Date; payload: JsonObject }): Promise<{ taskName: string }> {
    const taskName = `in-process/${request.actionKey}`;
    if (this.pending.has(request.actionKey)) return { taskName };
    const delay = Math.max(0, request.notBefore.getTime() - Date.now());
    const timer = setTimeout(() => {
      this.pending.delete(request.actionKey);
      this.runner?.(request.actionKey).catch((error: unknown) => this.onError(request.actionKey, error));
    }, delay);
    timer.unref();
    this.pending.set(request.actionKey, timer);
    return { taskName };
  }

  /** Action keys waiting for their time, for reports and tests. */
  scheduled(): string[] {
    return [...this.pending.keys()];
  }

  cancelAll(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
