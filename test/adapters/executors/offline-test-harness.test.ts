import { request as httpRequest } from 'node:http';
import { BigQueryJobExecutor } from '../../../shared/src/adapters/executors/bigquery-job-executor';
import { CloudTasksDeferredActionScheduler } from '../../../shared/src/adapters/executors/cloud-tasks-scheduler';
import { ComposerAirflowExecutor } from '../../../shared/src/adapters/executors/composer-airflow-executor';
import { DataflowExecutor } from '../../../shared/src/adapters/executors/dataflow-executor';
import { PubSubNotifyExecutor } from '../../../shared/src/adapters/executors/pubsub-notify-executor';
import { SecretManagerVersionInspector } from '../../../shared/src/adapters/executors/secret-version-inspector';
import { WebhookNotifyExecutor } from '../../../shared/src/adapters/executors/webhook-notify-executor';
import { WorkflowsExecutor } from '../../../shared/src/adapters/executors/workflows-executor';
import { FakeGcpServer } from '../../helpers/fake-gcp-server';
import { guardNetwork } from '../../helpers/network-guard';
import { offlineAuthClient } from '../../helpers/offline-google-auth';

/** The executor tests rely on this harness to prove they never leave the machine. */
describe('offline test harness', () => {
  it('refuses and records connections that are not to loopback, for fetch and node:http alike', async () => {
    const guard = guardNetwork();
    try {
      await expect(fetch('http://192.0.2.10:8080/')).rejects.toThrow();
      await new Promise<void>((resolve) => {
        const req = httpRequest({ host: '198.51.100.7', port: 443, path: '/' }, () => resolve());
        req.on('error', () => resolve());
        req.end();
      });
      expect(guard.blocked).toEqual(['192.0.2.10:8080', '198.51.100.7:443']);
    } finally {
      guard.restore();
    }
  });

  it('would catch a client that fell back to Application Default Credentials, failing the call, not the process', async () => {
    const guard = guardNetwork();
    const server = await FakeGcpServer.start();
    // No auth configured: each client looks for credentials, ending at the (blocked) metadata server.
    const endpoint = { apiEndpoint: server.host, protocol: 'http' as const };
    try {
      const results = [
        await new DataflowExecutor(endpoint).execute({ kind: 'dataflow.update_job_state', projectId: 'p', location: 'l', jobId: 'j', requestedState: 'JOB_STATE_CANCELLED' }),
        await new WorkflowsExecutor(endpoint).execute({ kind: 'workflows.reexecute', projectId: 'p', location: 'l', workflowId: 'w', argument: '{}' }),
        await new WebhookNotifyExecutor({ ...endpoint, projectId: 'p' }).execute({ kind: 'notify.webhook', webhookSecretName: 's', payload: { text: 't' } }),
        await new BigQueryJobExecutor(endpoint).execute({
          kind: 'bigquery.rerun_job',
          projectId: 'p',
          location: 'EU',
          originalJobId: 'a',
          newJobId: 'b',
          configuration: { query: { query: 'SELECT 1' } },
        }),
        await new ComposerAirflowExecutor({ allowedAirflowUris: [server.baseUrl] }).execute({ kind: 'composer.pause_dag', airflowUri: server.baseUrl, dagId: 'd' }),
      ];
      results.push(await new PubSubNotifyExecutor({ ...endpoint, projectId: 'p' }).execute({ kind: 'notify.pubsub', topic: 't-topic', message: {} }));
      const scheduling = new CloudTasksDeferredActionScheduler({
        ...endpoint,
        queue: { projectId: 'p', location: 'l', queueId: 'q' },
        targetUrl: 'https://example.com/run',
        serviceAccountEmail: 'sa@p.iam.gserviceaccount.com',
      }).schedule({ actionKey: 'k', notBefore: new Date(0), payload: {} });
      const inspection = new SecretManagerVersionInspector(endpoint).inspect({ projectId: 'p', secretId: 's' });

      for (const result of results) expect(result).toMatchObject({ status: 'failed', retryable: false });
      await expect(scheduling).rejects.toThrow(/default credentials/);
      await expect(inspection).rejects.toThrow(/default credentials/);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
      guard.restore();
    }
  });

  it('signs requests with the fixed token and never refreshes it', async () => {
    const auth = offlineAuthClient('ya29.fixed');
    const headers = await auth.getRequestHeaders();
    expect(headers.get('authorization')).toBe('Bearer ya29.fixed');
  });
});
