import { ConfigError } from '../../../shared/src/core/domain/errors';
import { parseRemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';

function keyOf(input: unknown): string {
  try {
    parseRemediationConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.key;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const DATAFLOW = {
  source: 'dataflow',
  dataflow: {
    containerSpecGcsPath: 'gs://acme-templates/clickstream/v12.json',
    jobType: 'streaming',
    allowedMachineTypes: ['n2-standard-4', 'n2-highmem-8'],
    allowedZones: ['us-central1-a', 'us-central1-b'],
  },
};

describe('remediation configuration', () => {
  it('defaults to a safe new installation: dry run, 3 actions an hour and 10 a day, breaker after 3 failures', () => {
    const config = parseRemediationConfig(undefined);
    expect(config.dryRun).toBe(true);
    expect(config.budget).toEqual({ perHour: 3, perDay: 10 });
    expect(config.breaker.failureThreshold).toBe(3);
    expect(config.scopes).toEqual({ allowProjects: ['*'], denyProjects: [], allowPipelines: ['*'], denyPipelines: [] });
    expect(config.autonomy.byCategory.permission_denied).toBe('notify');
    expect(config.pipelines).toEqual({});
  });

  it('parses a pipeline registration with its overrides', () => {
    const config = parseRemediationConfig({
      dryRun: false,
      budget: { perHour: 5, perDay: 20 },
      pipelines: {
        clickstream: {
          ...DATAFLOW,
          criticality: 'non-critical',
          autonomy: { memory_leak: 'auto' },
          budget: { perHour: 1, perDay: 2 },
          plans: { memory_leak: [{ strategy: 'relaunch_dataflow_flex_template', maxAttempts: 1 }, 'escalate'] },
        },
      },
    });
    const registration = config.pipelines.clickstream;
    expect(registration?.criticality).toBe('non-critical');
    expect(registration?.budget).toEqual({ perHour: 1, perDay: 2 });
    expect(registration?.plans.memory_leak?.map((s) => s.strategy)).toEqual(['relaunch_dataflow_flex_template', 'escalate']);
    expect(registration?.dataflow?.parameters).toEqual({});
  });

  it.each([
    [{ dryRun: 'no' }, 'dryRun'],
    [{ minConfidence: 2 }, 'minConfidence'],
    [{ budget: { perHour: -1 } }, 'budget.perHour'],
    [{ budget: { perHour: 5, perDay: 4 } }, 'budget.perDay'],
    [{ breaker: { failureThreshold: 0 } }, 'breaker.failureThreshold'],
    [{ autonomy: { byCategory: { network_timeout: 'yolo' } } }, 'autonomy.byCategory.network_timeout'],
    [{ autonomy: { byCategory: { cosmic_rays: 'auto' } } }, 'autonomy.byCategory.cosmic_rays'],
    [{ scopes: { denyProjects: ['acme prod'] } }, 'scopes.denyProjects[0]'],
    [{ notification: { kind: 'pubsub', topic: 'escalations' } }, 'notification.topic'],
    [{ approval: { baseUrl: 'ftp://x' } }, 'approval.baseUrl'],
    [{ verificationDeadlineMs: { retry_bigquery_job: 10 } }, 'verificationDeadlineMs.retry_bigquery_job'],
    [{ surprise: true }, 'surprise'],
    [{ plans: { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 0 }] } }, 'plans.network_timeout[0].maxAttempts'],
    [{ plans: { network_timeout: ['retry_everything'] } }, 'plans.network_timeout[0]'],
    [{ plans: { network_timeout: [{ strategy: 'retry_bigquery_job', backoff: { initialDelayMs: 100, maxDelayMs: 10 } }] } }, 'plans.network_timeout[0].backoff.maxDelayMs'],
    [{ pipelines: { clickstream: { ...DATAFLOW, source: 'spark' } } }, 'pipelines.clickstream.source'],
    [{ pipelines: { clickstream: { ...DATAFLOW, dataflow: { ...DATAFLOW.dataflow, allowedZones: ['mars-1'] } } } }, 'pipelines.clickstream.dataflow.allowedZones[0]'],
    [{ pipelines: { clickstream: { ...DATAFLOW, dataflow: { ...DATAFLOW.dataflow, containerSpecGcsPath: '/tmp/t.json' } } } }, 'pipelines.clickstream.dataflow.containerSpecGcsPath'],
    [{ pipelines: { clickstream: { ...DATAFLOW, dataflow: { ...DATAFLOW.dataflow, environment: { machineType: 'm1-ultramem-160' } } } } }, 'pipelines.clickstream.dataflow.environment.machineType'],
    [{ pipelines: { clickstream: { ...DATAFLOW, composer: { airflowUri: 'https://x.composer.googleusercontent.com' } } } }, 'pipelines.clickstream.composer'],
    [{ pipelines: { clickstream: { ...DATAFLOW, plans: { network_timeout: ['retry_bigquery_job'] } } } }, 'pipelines.clickstream.plans.network_timeout[0]'],
    [{ pipelines: { etl: { source: 'composer', composer: { airflowUri: 'http://insecure' } } } }, 'pipelines.etl.composer.airflowUri'],
    [{ pipelines: { etl: { source: 'workflows', workflows: { workflowId: 'etl', defaultArgument: '{oops' } } } }, 'pipelines.etl.workflows.defaultArgument'],
    [{ pipelines: { etl: { source: 'bigquery', secretName: 'db-password' } } }, 'pipelines.etl.secretName'],
  ])('names the key of a bad value: %j → %s', (input, key) => {
    expect(keyOf(input)).toBe(key);
  });

  it.each([
    [['pause_airflow_dag', 'clear_failed_airflow_tasks', 'escalate'], /more drastic step/],
    [['escalate', 'retry_bigquery_job'], /must be the last step/],
    [[], /at least one step/],
  ])('refuses a plan override that breaks the safe order: %j', (plan, message) => {
    expect(() => parseRemediationConfig({ plans: { network_timeout: plan } })).toThrow(message);
  });

  it('refuses retrying schema and data problems', () => {
    expect(() => parseRemediationConfig({ plans: { schema_mismatch: ['retry_bigquery_job', 'escalate'] } })).toThrow(/plans\.schema_mismatch: schema_mismatch must not retry/);
    expect(() => parseRemediationConfig({ plans: { data_corruption: [{ strategy: 'clear_failed_airflow_tasks', maxAttempts: 2 }] } })).toThrow(/must not retry/);
    expect(parseRemediationConfig({ plans: { data_corruption: ['pause_airflow_dag', 'escalate'] } }).plans.data_corruption).toHaveLength(2);
  });
});
