import { decide } from '../../../shared/src/core/remediation/decide';
import { parseRemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';
import { parsePermissionFinding } from '../../../shared/src/core/remediation/permission-finding';
import { classified, failure, seededRandom } from '../../helpers/remediation-fakes';

const REAL_MESSAGES = [
  {
    message: 'Access Denied: Table acme-data:sales.orders: User does not have bigquery.tables.getData permission for table acme-data:sales.orders.',
    expected: { permission: 'bigquery.tables.getData', principal: null, resource: 'table acme-data:sales.orders' },
  },
  {
    message: "Permission 'dataflow.jobs.create' denied on resource '//dataflow.googleapis.com/projects/acme-data/locations/us-central1' (or it may not exist).",
    expected: { permission: 'dataflow.jobs.create', principal: null, resource: '//dataflow.googleapis.com/projects/acme-data/locations/us-central1' },
  },
  {
    message: 'The caller does not have permission',
    expected: { permission: null, principal: null, resource: null },
  },
  {
    message: 'serviceAccount:etl-runner@acme-data.iam.gserviceaccount.com does not have storage.objects.get access to the Google Cloud Storage object.',
    expected: { permission: 'storage.objects.get', principal: 'serviceAccount:etl-runner@acme-data.iam.gserviceaccount.com', resource: 'Google Cloud Storage object' },
  },
  {
    message:
      "composer-worker@acme-data.iam.gserviceaccount.com does not have storage.objects.list access to the Google Cloud Storage bucket. Permission 'storage.objects.list' denied on resource (or it may not exist).",
    expected: { permission: 'storage.objects.list', principal: 'serviceAccount:composer-worker@acme-data.iam.gserviceaccount.com', resource: 'Google Cloud Storage bucket' },
  },
  {
    message: '403 POST https://bigquery.googleapis.com/bigquery/v2/projects/acme-data/jobs?prettyPrint=false: Access Denied: Project acme-data: User does not have bigquery.jobs.create permission in project acme-data.',
    expected: { permission: 'bigquery.jobs.create', principal: null, resource: 'project acme-data' },
  },
  {
    message: 'Workflow failed. Causes: Current user cannot act as service account dataflow-worker@acme-data.iam.gserviceaccount.com.',
    expected: { permission: 'iam.serviceAccounts.actAs', principal: null, resource: 'serviceAccount:dataflow-worker@acme-data.iam.gserviceaccount.com' },
  },
  {
    message: "Permission 'secretmanager.versions.access' denied for resource 'projects/acme-data/secrets/airflow-db/versions/latest' (or it may not exist).",
    expected: { permission: 'secretmanager.versions.access', principal: null, resource: 'projects/acme-data/secrets/airflow-db/versions/latest' },
  },
  {
    message: "Workflow failed. Causes: Required 'compute.subnetworks.use' permission for 'projects/acme-net/regions/us-central1/subnetworks/dataflow'",
    expected: { permission: 'compute.subnetworks.use', principal: null, resource: 'projects/acme-net/regions/us-central1/subnetworks/dataflow' },
  },
];

describe('permission_denied', () => {
  it.each(REAL_MESSAGES)('parses the missing permission, principal and resource from "$message"', ({ message, expected }) => {
    expect(parsePermissionFinding(message)).toMatchObject(expected);
  });

  it('keeps a role the message recommends and a principal given in IAM member form', () => {
    const finding = parsePermissionFinding(
      'Caller does not have required permission to use project acme-data. Grant the caller the roles/serviceusage.serviceUsageConsumer role, or a custom role with the serviceusage.services.use permission. user:[REDACTED_EMAIL]',
    );
    expect(finding).toEqual({ permission: 'serviceusage.services.use', principal: 'user:[REDACTED_EMAIL]', resource: null, suggestedRole: 'roles/serviceusage.serviceUsageConsumer' });
  });

  it.each(REAL_MESSAGES.map((m) => m.message))('always escalates with the finding, never acts, even with auto autonomy: %s', (message) => {
    const config = parseRemediationConfig({
      dryRun: false,
      autonomy: { byCategory: { permission_denied: 'auto' } },
      notification: { kind: 'pubsub', topic: 'projects/acme-ops/topics/flexiroaster-escalations' },
    });
    const decision = decide({ event: failure({ errorMessage: message }), classification: classified('permission_denied') }, { config, now: new Date('2024-05-01T10:00:00Z'), random: seededRandom(1) });
    expect(decision.strategy).toBe('escalate');
    expect(decision.status).toBe('escalated');
    expect(decision.action?.kind).toBe('notify.pubsub');
    expect(decision.explanation.permission).toEqual(parsePermissionFinding(message));
    expect(decision.explanation.excluded.join(' ')).toMatch(/never automated/);
    const sent = decision.action?.kind === 'notify.pubsub' ? decision.action.message : null;
    expect(sent).toMatchObject({ permission: parsePermissionFinding(message) });
  });

  it('cannot be configured to do anything but escalate', () => {
    expect(() => parseRemediationConfig({ plans: { permission_denied: ['retry_bigquery_job', 'escalate'] } })).toThrow(/plans\.permission_denied: .*never grants IAM/);
  });
});
