import { CATEGORIES } from '../../../shared/src/core/domain/category';
import type { ClassificationInput } from '../../../shared/src/core/domain/classification';
import { CLASSIFICATION_RULES, classifyByRules } from '../../../shared/src/core/classify/rules';

const category = (input: ClassificationInput) => classifyByRules(input)?.category ?? null;

describe('classifyByRules', () => {
  describe('tie-break 1: an unambiguous structured code beats the text', () => {
    it.each<[string, ClassificationInput, string]>([
      ['rateLimitExceeded', { message: 'Exceeded rate limits: too many table update operations for this table.', codes: { bigqueryReason: 'rateLimitExceeded' } }, 'rate_limiting'],
      ['quotaExceeded on a daily total', { message: 'Quota exceeded: Your table exceeded quota for imports or query appends per table.', codes: { bigqueryReason: 'quotaExceeded' } }, 'resource_exhaustion'],
      ['quotaExceeded whose text is about a request rate', { message: 'Quota exceeded: Your project exceeded quota for concurrent api requests per user per method.', codes: { bigqueryReason: 'quotaExceeded' } }, 'rate_limiting'],
      ['accessDenied even when the text only says "not found"', { message: 'Not found or not accessible: Dataset p:d', codes: { bigqueryReason: 'accessDenied' } }, 'permission_denied'],
      ['rpc 16 UNAUTHENTICATED', { message: 'Request is missing required authentication credential.', codes: { rpcCode: 16 } }, 'authentication_failure'],
      ['rpc 7 with an Access Denied message', { message: 'Access Denied: Table p:raw.events: User does not have permission to query table p:raw.events.', codes: { rpcCode: 7 } }, 'permission_denied'],
      ['rpc 14 UNAVAILABLE', { message: 'The service is currently unavailable.', codes: { rpcCode: 14 } }, 'network_timeout'],
    ])('%s', (_label, input, expected) => {
      expect(category(input)).toBe(expected);
    });

    it('does not read rpc 7 as a permission problem when the text is about a quota (BigQuery answers quotas with 403 too)', () => {
      expect(category({ message: 'Quota exceeded: Your project exceeded quota for free query bytes scanned.', codes: { rpcCode: 7 } })).toBe('resource_exhaustion');
    });
  });

  describe('tie-break 2: memory beats capacity', () => {
    it('reads "Resources exceeded ... allotted memory" as memory, with capacity as runner-up', () => {
      const result = classifyByRules({
        message: 'Resources exceeded during query execution: The query could not be executed in the allotted memory. Peak usage: 125% of limit.',
        codes: { bigqueryReason: 'resourcesExceeded', rpcCode: 8 },
      });
      expect(result).toMatchObject({ category: 'memory_leak', stage: 'rules', rule: 'bq_reason_resources_memory' });
      expect(result?.runnerUp?.category).toBe('resource_exhaustion');
      expect(result?.runnerUp?.confidence).toBeLessThanOrEqual(1 - (result?.confidence ?? 0) + 1e-9);
    });

    it('reads "Resources exceeded" without memory as capacity', () => {
      expect(category({ message: 'Resources exceeded during query execution: Not enough resources for query planning - too many subqueries or query is too complex.' })).toBe(
        'resource_exhaustion',
      );
    });

    it('reads an Airflow task killed with SIGKILL as memory from the structured signal', () => {
      expect(classifyByRules({ message: 'Task exited with return code Negsignal.SIGKILL', source: 'composer', codes: { signal: 'SIGKILL', airflowExitCode: -9 } })).toMatchObject({
        category: 'memory_leak',
        rule: 'airflow_sigkill',
      });
    });
  });

  describe('tie-break 3: own time limit beats transport', () => {
    it.each([
      ['Operation timed out after 6.0 hours. Consider reducing the amount of work performed by your operation so that it can complete within this limit.', 'timeout_exceeded'],
      ['airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 48213', 'timeout_exceeded'],
      ['The Dataflow job appears to be stuck because no worker activity has been seen in the last 1h.', 'timeout_exceeded'],
      ['google.api_core.exceptions.DeadlineExceeded: 504 Deadline Exceeded', 'network_timeout'],
      ["HTTPSConnectionPool(host='api.partner.example', port=443): Read timed out. (read timeout=60)", 'network_timeout'],
      ['Connection to 10.20.0.4 timed out after 30 seconds', 'network_timeout'],
    ])('%j is %s', (message, expected) => {
      expect(category({ message })).toBe(expected);
    });
  });

  describe('tie-break 4: permission-or-missing is permission, plain not-found is missing', () => {
    it.each([
      ['Permission bigquery.tables.get denied on table analytics-prod:raw.events (or it may not exist).', 'permission_denied'],
      ['Not found: Table analytics-prod:staging.orders_raw was not found in location US', 'missing_dependency'],
      ['Not found: Dataset analytics-prod:staging_eu', 'missing_dependency'],
    ])('%j is %s', (message, expected) => {
      expect(category({ message, codes: { rpcCode: 5 } })).toBe(expected);
    });
  });

  describe('tie-break 5: rate beats quota', () => {
    it.each([
      'Quota exceeded: Your project exceeded quota for concurrent api requests per user per method.',
      'Exceeded quota for AppendRows throughput in region us.',
      'The object analytics-prod-landing/state.json exceeded the rate limit for object mutation operations (create, update, and delete).',
    ])('%j is rate_limiting', (message) => {
      expect(category({ message })).toBe('rate_limiting');
    });

    it('keeps a non-rate quota as resource_exhaustion', () => {
      expect(category({ message: "Quota 'CPUS' exceeded. Limit: 24.0 in region us-central1." })).toBe('resource_exhaustion');
    });
  });

  it('reads "Permission denied while getting Drive credentials" as authentication, not permission', () => {
    expect(category({ message: 'Access Denied: BigQuery BigQuery: Permission denied while getting Drive credentials.' })).toBe('authentication_failure');
  });

  it.each<[string, ClassificationInput]>([
    ['disk_space_full', { message: "OSError: [Errno 28] No space left on device: '/tmp/beam-temp-4f1a'" }],
    ['schema_mismatch', { message: 'Provided Schema does not match Table analytics-prod:marts.orders. Field amount has changed type from STRING to NUMERIC' }],
    ['data_corruption', { message: 'Error while reading data, error message: CSV table encountered too many errors, giving up. Rows: 1184; errors: 1.', codes: { rpcCode: 3 } }],
    ['missing_dependency', { message: "ModuleNotFoundError: No module named 'pandas_gbq'", codes: { exceptionType: 'ModuleNotFoundError' } }],
    ['configuration_error', { message: 'Cannot read and write in different locations: source: US, destination: europe-west1' }],
    ['configuration_error', { message: 'The conn_id `warehouse_pg` isn\'t defined' }],
    ['network_timeout', { message: 'java.io.IOException: Connection reset by peer' }],
    ['resource_exhaustion', { message: 'Startup of the worker pool in zone us-central1-a failed to bring up any of the desired 10 workers. ZONE_RESOURCE_POOL_EXHAUSTED: Instance creation failed.' }],
    ['memory_leak', { message: 'Shutting down JVM after 8 consecutive periods of measured GC thrashing.', codes: { exceptionType: 'java.lang.OutOfMemoryError' } }],
    ['authentication_failure', { message: "google.auth.exceptions.RefreshError: ('invalid_grant: Token has been expired or revoked.', {})" }],
    ['authentication_failure', { message: 'requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.partner-feeds.example/v2/export' }],
    ['permission_denied', { message: 'HTTP server responded with error code 403: Access Denied: Project analytics-prod: User does not have bigquery.jobs.create permission.', codes: { exceptionType: 'HttpError', rpcCode: 7 } }],
  ])('maps a real %s message to its category', (expected, input) => {
    expect(category(input)).toBe(expected);
  });

  it('reads a 403 Forbidden about a quota as capacity, not permission', () => {
    expect(
      category({
        message: 'google.api_core.exceptions.Forbidden: 403 Quota exceeded: Your table exceeded quota for imports or query appends per table.',
        codes: { exceptionType: 'google.api_core.exceptions.Forbidden' },
      }),
    ).toBe('resource_exhaustion');
  });

  it.each([
    'Marking task as FAILED. dag_id=sales_daily, task_id=load_orders, execution_date=20261121T030000',
    'Task exited with return code 1',
    'Workflow failed.',
    'A work item was attempted 4 times without success. Each time the worker eventually lost contact with the service.',
    '',
  ])('returns null rather than guessing for %j', (message) => {
    expect(classifyByRules({ message, codes: { airflowExitCode: 1 } })).toBeNull();
  });

  it('gives every hit of a rule the same fixed confidence, in (0.5, 1), with the rule id', () => {
    const a = classifyByRules({ message: 'No space left on device' });
    const b = classifyByRules({ message: 'write failed: No space left on device (errno 28)' });
    expect(a).toMatchObject({ rule: 'text_disk_full', stage: 'rules' });
    expect(b?.confidence).toBe(a?.confidence);
    for (const rule of CLASSIFICATION_RULES) {
      expect(rule.confidence).toBeGreaterThan(0.5);
      expect(rule.confidence).toBeLessThan(1);
      expect(CATEGORIES).toContain(rule.category);
    }
    expect(new Set(CLASSIFICATION_RULES.map((rule) => rule.id)).size).toBe(CLASSIFICATION_RULES.length);
  });
});
