import { ComposerAirflowExecutor } from '../../../shared/src/adapters/executors/composer-airflow-executor';
import type { ActionOf } from '../../../shared/src/core/remediation/actions';
import { FakeGcpServer, type ScriptedResponse } from '../../helpers/fake-gcp-server';
import { offlineGcp } from '../../helpers/offline-gcp';
import { TEST_ACCESS_TOKEN, offlineAuthClient } from '../../helpers/offline-google-auth';

let server: FakeGcpServer;
const gcp = offlineGcp();
let executor: ComposerAirflowExecutor;

beforeAll(() => {
  server = gcp.server;
  // The local server stands in for the one registered environment.
  executor = new ComposerAirflowExecutor({ auth: offlineAuthClient(), allowedAirflowUris: [server.baseUrl] });
});

const DAG_ID = 'orders_daily';
const RUN_ID = 'scheduled__2026-11-20T03:00:00+00:00';

/** Airflow's REST errors are RFC 7807 problem documents. */
function problem(status: number, title: string, detail: string, type: string): ScriptedResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    json: { detail, status, title, type: `https://airflow.apache.org/docs/apache-airflow/2.9.3/stable-rest-api-ref.html#section/Errors/${type}` },
  };
}

function clear(taskIds?: string[]): ActionOf<'composer.clear_failed_tasks'> {
  return { kind: 'composer.clear_failed_tasks', airflowUri: server.baseUrl, dagId: DAG_ID, dagRunId: RUN_ID, ...(taskIds ? { taskIds } : {}) };
}

describe('ComposerAirflowExecutor', () => {
  it('clears the failed task instances of one run, not as a dry run', async () => {
    server.on('POST', `/api/v1/dags/${DAG_ID}/clearTaskInstances`, {
      json: {
        task_instances: [
          { dag_id: DAG_ID, dag_run_id: RUN_ID, execution_date: '2026-11-20T03:00:00+00:00', task_id: 'load_orders' },
          { dag_id: DAG_ID, dag_run_id: RUN_ID, execution_date: '2026-11-20T03:00:00+00:00', task_id: 'publish_totals' },
        ],
      },
    });

    const result = await executor.execute(clear(['load_orders']));

    expect(result).toEqual({
      status: 'submitted',
      externalId: RUN_ID,
      detail: `cleared 2 task instance(s) of ${DAG_ID}/${RUN_ID}: load_orders, publish_totals`,
      retryable: false,
      httpStatus: 200,
    });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.json).toEqual({
      dry_run: false,
      dag_run_id: RUN_ID,
      task_ids: ['load_orders'],
      only_failed: true,
      only_running: false,
      reset_dag_runs: true,
      include_upstream: false,
      include_downstream: true,
      include_future: false,
      include_past: false,
    });
  });

  it('omits task_ids to clear every failed task of the run, and reports when nothing was failed', async () => {
    server.on('POST', `/api/v1/dags/${DAG_ID}/clearTaskInstances`, { json: { task_instances: [] } });

    const result = await executor.execute(clear());

    expect(server.requests[0]?.json).not.toHaveProperty('task_ids');
    expect(result).toMatchObject({ status: 'failed', retryable: false, httpStatus: 200 });
    expect(result.detail).toMatch(/no failed task instances to clear/);
  });

  it('triggers a run with the deterministic dag_run_id and conf', async () => {
    const runId = 'flexiroaster__retry__9c41d2e7';
    server.on('POST', `/api/v1/dags/${DAG_ID}/dagRuns`, {
      json: {
        conf: { reprocess_date: '2026-11-20' },
        dag_id: DAG_ID,
        dag_run_id: runId,
        data_interval_end: '2026-11-21T11:20:04.118921+00:00',
        data_interval_start: '2026-11-21T11:20:04.118921+00:00',
        end_date: null,
        execution_date: '2026-11-21T11:20:04.118921+00:00',
        external_trigger: true,
        last_scheduling_decision: null,
        logical_date: '2026-11-21T11:20:04.118921+00:00',
        note: null,
        run_type: 'manual',
        start_date: null,
        state: 'queued',
      },
    });

    const result = await executor.execute({
      kind: 'composer.trigger_dag',
      airflowUri: server.baseUrl,
      dagId: DAG_ID,
      dagRunId: runId,
      conf: { reprocess_date: '2026-11-20' },
    });

    expect(result).toEqual({
      status: 'submitted',
      externalId: runId,
      detail: `triggered ${DAG_ID} run ${runId} (state queued)`,
      retryable: false,
      httpStatus: 200,
    });
    expect(server.requests[0]?.path).toBe(`/api/v1/dags/${DAG_ID}/dagRuns`);
    expect(server.requests[0]?.json).toEqual({ dag_run_id: runId, conf: { reprocess_date: '2026-11-20' } });
  });

  it('treats 409 on trigger as the same run already created', async () => {
    const runId = 'flexiroaster__retry__9c41d2e7';
    server.on(
      'POST',
      `/api/v1/dags/${DAG_ID}/dagRuns`,
      problem(409, 'Conflict', `DAGRun with DAG ID: '${DAG_ID}' and DAGRun ID: '${runId}' already exists`, 'AlreadyExists'),
    );

    const result = await executor.execute({ kind: 'composer.trigger_dag', airflowUri: server.baseUrl, dagId: DAG_ID, dagRunId: runId, conf: {} });

    expect(result).toMatchObject({ status: 'submitted', externalId: runId, retryable: false, httpStatus: 409 });
  });

  it('pauses a DAG with update_mask=is_paused', async () => {
    server.on('PATCH', `/api/v1/dags/${DAG_ID}`, {
      json: {
        dag_id: DAG_ID,
        description: 'Daily order totals',
        file_token: 'Ii9ob21lL2FpcmZsb3cvZ2NzL2RhZ3Mvb3JkZXJzX2RhaWx5LnB5Ig.iK5cXwQn2qCz',
        fileloc: '/home/airflow/gcs/dags/orders_daily.py',
        is_active: true,
        is_paused: true,
        is_subdag: false,
        owners: ['sales-data'],
        root_dag_id: null,
        schedule_interval: { __type: 'CronExpression', value: '0 3 * * *' },
        tags: [{ name: 'sales' }],
      },
    });

    const result = await executor.execute({ kind: 'composer.pause_dag', airflowUri: server.baseUrl, dagId: DAG_ID });

    expect(result).toEqual({ status: 'submitted', externalId: DAG_ID, detail: `paused DAG ${DAG_ID}`, retryable: false, httpStatus: 200 });
    const [request] = server.requests;
    expect(request?.method).toBe('PATCH');
    expect(request?.path).toBe(`/api/v1/dags/${DAG_ID}`);
    expect(request?.query.get('update_mask')).toBe('is_paused');
    expect(request?.json).toEqual({ is_paused: true });
  });

  it('keeps the Airflow problem detail for a missing DAG and does not retry it', async () => {
    server.on('PATCH', `/api/v1/dags/${DAG_ID}`, problem(404, 'DAG not found', `The DAG with dag_id: \`${DAG_ID}\` was not found`, 'NotFound'));

    const result = await executor.execute({ kind: 'composer.pause_dag', airflowUri: server.baseUrl, dagId: DAG_ID });

    expect(result).toEqual({
      status: 'failed',
      detail: `airflow dags.patch ${DAG_ID} is_paused=true failed: HTTP 404: DAG not found: The DAG with dag_id: \`${DAG_ID}\` was not found`,
      retryable: false,
      httpStatus: 404,
    });
  });

  it.each([
    [400, false],
    [403, false],
    [409, false],
    [429, true],
    [503, true],
    [504, true],
  ])('maps HTTP %i on clear to retryable=%s after a single attempt', async (code, retryable) => {
    server.on('POST', `/api/v1/dags/${DAG_ID}/clearTaskInstances`, problem(code, 'Error', `simulated ${code}`, 'Error'));

    const result = await executor.execute(clear());

    expect(result).toMatchObject({ status: 'failed', retryable, httpStatus: code });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up at the deadline with a retryable failure', async () => {
    const impatient = new ComposerAirflowExecutor({ auth: offlineAuthClient(), allowedAirflowUris: [server.baseUrl], timeoutMs: 100 });
    server.on('PATCH', `/api/v1/dags/${DAG_ID}`, () => new Promise((resolve) => setTimeout(() => resolve({ json: { is_paused: true } }), 1_000)));

    const result = await impatient.execute({ kind: 'composer.pause_dag', airflowUri: server.baseUrl, dagId: DAG_ID });

    expect(result).toMatchObject({ status: 'failed', retryable: true });
  });

  it("never sends the token anywhere but the registered environment's exact Airflow URI", async () => {
    const registered = 'https://f1e2d3c4b5a6-dot-europe-west1.composer.googleusercontent.com';
    const production = new ComposerAirflowExecutor({ auth: offlineAuthClient(), allowedAirflowUris: [registered] });
    const attempts = [
      'https://attacker.example.com',
      // Another customer's environment on the same Composer domain.
      'https://0a1b2c3d4e5f-dot-europe-west1.composer.googleusercontent.com',
      'http://f1e2d3c4b5a6-dot-europe-west1.composer.googleusercontent.com',
      `${registered}:8443`,
      `${registered}/other/path`,
      `${registered}?x=1`,
      'https://user:pw@f1e2d3c4b5a6-dot-europe-west1.composer.googleusercontent.com',
    ];
    for (const airflowUri of attempts) {
      const result = await production.execute({ kind: 'composer.pause_dag', airflowUri, dagId: DAG_ID });
      expect({ airflowUri, result }).toMatchObject({ airflowUri, result: { status: 'failed', retryable: false, detail: expect.stringMatching(/^invalid action: airflowUri .* is not a registered Airflow web server/) } });
    }
    expect(server.requests).toHaveLength(0);
    expect(gcp.blocked).toEqual([]);
  });

  it.each(['..', '.', '../../variables', 'a..b', 'dag/other', 'x'.repeat(251), ''])('refuses the DAG id %j before any request', async (dagId) => {
    const result = await executor.execute({ kind: 'composer.pause_dag', airflowUri: server.baseUrl, dagId });
    expect(result).toMatchObject({ status: 'failed', retryable: false, detail: expect.stringMatching(/is not a valid Airflow DAG id/) });
    expect(server.requests).toHaveLength(0);
  });
});
