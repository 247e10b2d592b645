import type { AuthClient } from 'google-auth-library';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { describeApiError, failedResult, invalidAction, resultFromFailure } from './api-errors';
import { DEFAULT_TIMEOUT_MS, LazyAuth, requestJson } from './google-client-settings';

type ComposerKind = 'composer.clear_failed_tasks' | 'composer.trigger_dag' | 'composer.pause_dag';

/**
 * Airflow's own rule for DAG ids (airflow.utils.helpers.KEY_REGEX, at most 250 characters). Dots are
 * allowed there, but an id of dots alone, or with "..", would change the REST path it is put in.
 */
export const DAG_ID = /^[A-Za-z0-9_.-]{1,250}$/;

export function isValidDagId(dagId: string): boolean {
  return DAG_ID.test(dagId) && !dagId.includes('..') && !/^\.+$/.test(dagId);
}

export interface ComposerAirflowExecutorOptions {
  /** Credentials; default Application Default Credentials with the cloud-platform scope. */
  auth?: AuthClient;
  timeoutMs?: number;
  /**
   * The registered environments' Airflow URIs, exactly (origin, no path): the only places the
   * function's access token is sent. airflowUri arrives inside the action, so without this a forged
   * action could point the token at another customer's environment or any server. Empty = none.
   */
  allowedAirflowUris: readonly string[];
}

/**
 * Drives Airflow 2 in Cloud Composer through its stable REST API at the environment's airflowUri,
 * authenticated with a Google access token (https://cloud.google.com/composer/docs/composer-2/access-airflow-api).
 * Calls go through google-auth-library because Composer's Airflow API has no Google client library.
 */
export class ComposerAirflowExecutor implements ActionExecutor<ComposerKind> {
  readonly kinds = ['composer.clear_failed_tasks', 'composer.trigger_dag', 'composer.pause_dag'] as const;
  private readonly auth: LazyAuth;
  private readonly timeoutMs: number;
  private readonly allowed: ReadonlySet<string>;

  constructor(options: ComposerAirflowExecutorOptions) {
    this.auth = new LazyAuth(options.auth);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.allowed = new Set(options.allowedAirflowUris.map((uri) => uri.replace(/\/+$/, '')));
  }

  async execute(action: ActionOf<ComposerKind>): Promise<ExecutionResult> {
    const base = this.airflowBase(action.airflowUri);
    if (typeof base !== 'string') return base;
    if (!isValidDagId(action.dagId)) return invalidAction(`dagId "${action.dagId}" is not a valid Airflow DAG id`);
    const dagUrl = `${base}/api/v1/dags/${encodeURIComponent(action.dagId)}`;
    switch (action.kind) {
      case 'composer.clear_failed_tasks':
        return this.clearFailedTasks(action, dagUrl);
      case 'composer.trigger_dag':
        return this.triggerDag(action, dagUrl);
      case 'composer.pause_dag':
        return this.pauseDag(action, dagUrl);
    }
  }

  /**
   * POST /dags/{dag_id}/clearTaskInstances limited to one run. dry_run defaults to true on the
   * server, so it is sent explicitly; downstream tasks are included so that tasks left
   * upstream_failed by the failure run again too (only_failed covers failed and upstream_failed).
   */
  private async clearFailedTasks(action: ActionOf<'composer.clear_failed_tasks'>, dagUrl: string): Promise<ExecutionResult> {
    const operation = `airflow clearTaskInstances ${action.dagId}/${action.dagRunId}`;
    const body: Record<string, unknown> = {
      dry_run: false,
      dag_run_id: action.dagRunId,
      only_failed: true,
      only_running: false,
      reset_dag_runs: true,
      include_upstream: false,
      include_downstream: true,
      include_future: false,
      include_past: false,
    };
    if (action.taskIds && action.taskIds.length > 0) body.task_ids = action.taskIds;
    try {
      const { status, data } = await requestJson(this.auth, { method: 'POST', url: `${dagUrl}/clearTaskInstances`, data: body, timeoutMs: this.timeoutMs });
      const cleared = taskIds(data);
      if (cleared.length === 0) {
        // Nothing was in a failed state any more: the run will not start again, so this did not act.
        return { status: 'failed', detail: `${operation}: no failed task instances to clear`, retryable: false, httpStatus: status };
      }
      return {
        status: 'submitted',
        externalId: action.dagRunId,
        detail: `cleared ${cleared.length} task instance(s) of ${action.dagId}/${action.dagRunId}: ${cleared.join(', ')}`,
        retryable: false,
        httpStatus: status,
      };
    } catch (error) {
      return failedResult(operation, error);
    }
  }

  /** POST /dags/{dag_id}/dagRuns; the dag_run_id is deterministic, so 409 means this run already exists. */
  private async triggerDag(action: ActionOf<'composer.trigger_dag'>, dagUrl: string): Promise<ExecutionResult> {
    const operation = `airflow dagRuns.post ${action.dagId}/${action.dagRunId}`;
    try {
      const { status, data } = await requestJson(this.auth, {
        method: 'POST',
        url: `${dagUrl}/dagRuns`,
        data: { dag_run_id: action.dagRunId, conf: action.conf },
        timeoutMs: this.timeoutMs,
      });
      const state = field(data, 'state') ?? 'unknown';
      return {
        status: 'submitted',
        externalId: field(data, 'dag_run_id') ?? action.dagRunId,
        detail: `triggered ${action.dagId} run ${action.dagRunId} (state ${state})`,
        retryable: false,
        httpStatus: status,
      };
    } catch (error) {
      const failure = describeApiError(error);
      if (failure.httpStatus === 409) {
        return {
          status: 'submitted',
          externalId: action.dagRunId,
          detail: `run ${action.dagId}/${action.dagRunId} already exists: an earlier attempt of this action triggered it (HTTP 409)`,
          retryable: false,
          httpStatus: 409,
        };
      }
      return resultFromFailure(operation, failure);
    }
  }

  /** PATCH /dags/{dag_id}?update_mask=is_paused, so no other DAG attribute can change. */
  private async pauseDag(action: ActionOf<'composer.pause_dag'>, dagUrl: string): Promise<ExecutionResult> {
    const operation = `airflow dags.patch ${action.dagId} is_paused=true`;
    try {
      const { status, data } = await requestJson(this.auth, {
        method: 'PATCH',
        url: dagUrl,
        params: { update_mask: 'is_paused' },
        data: { is_paused: true },
        timeoutMs: this.timeoutMs,
      });
      if (!isRecord(data) || data.is_paused !== true) {
        return { status: 'failed', detail: `${operation}: the response does not show the DAG paused`, retryable: false, httpStatus: status };
      }
      return { status: 'submitted', externalId: action.dagId, detail: `paused DAG ${action.dagId}`, retryable: false, httpStatus: status };
    } catch (error) {
      return failedResult(operation, error);
    }
  }

  private airflowBase(airflowUri: string): string | ExecutionResult {
    let url: URL;
    try {
      url = new URL(airflowUri);
    } catch {
      return invalidAction('airflowUri is not a URL');
    }
    // Exactly a registered environment: same scheme, host and port, no path, query or credentials.
    const exact = url.username === '' && url.password === '' && url.search === '' && url.hash === '' && (url.pathname === '/' || url.pathname === '');
    if (!exact || !this.allowed.has(url.origin)) {
      return invalidAction(`airflowUri ${url.origin}${exact ? '' : ' (with a path, query or credentials)'} is not a registered Airflow web server`);
    }
    return url.origin;
  }
}

function taskIds(data: unknown): string[] {
  if (!isRecord(data) || !Array.isArray(data.task_instances)) return [];
  return data.task_instances.flatMap((instance) => (isRecord(instance) && typeof instance.task_id === 'string' ? [instance.task_id] : []));
}

function field(data: unknown, key: string): string | undefined {
  return isRecord(data) && typeof data[key] === 'string' ? data[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
