import type { Category } from '../../../shared/src/core/domain/category';
import type { ClassificationInput } from '../../../shared/src/core/domain/classification';
import type { StructuredCodes } from '../../../shared/src/core/domain/pipeline-event';
import { classifyByRules } from '../../../shared/src/core/classify/rules';

/**
 * Held-out messages as BigQuery, Dataflow, Airflow/Composer and Workflows print them (error
 * reference pages, troubleshooting guides, public bug reports), with the codes their producers attach.
 * "Decided" cases are the ones TAXONOMY.md settles on its own; "open" cases may stay unclassified
 * (null) or land on one of the categories the text really supports, but never elsewhere.
 */
const category = (message: string, codes?: StructuredCodes): Category | null => {
  const input: ClassificationInput = codes === undefined ? { message } : { message, codes };
  return classifyByRules(input)?.category ?? null;
};

const DECIDED: ReadonlyArray<[string, string, StructuredCodes | undefined, Category]> = [
  // BigQuery
  ['bq rate limit per user per method', 'Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas', { bigqueryReason: 'rateLimitExceeded' }, 'rate_limiting'],
  ['bq free bytes quota', 'Quota exceeded: Your project exceeded quota for free query bytes scanned. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas', undefined, 'resource_exhaustion'],
  ['bq allotted memory', 'Resources exceeded during query execution: The query could not be executed in the allotted memory. Peak usage: 160% of limit.\nTop memory consumer(s):\n  ORDER BY operations: 99%\n  other/unattributed: 1%\n', { bigqueryReason: 'resourcesExceeded' }, 'memory_leak'],
  ['bq CPU seconds limit', 'Query exceeded resource limits. 2730.807072 CPU-seconds were used, and this query must use less than 2500.0 CPU-seconds.', { bigqueryReason: 'billingTierLimitExceeded' }, 'resource_exhaustion'],
  ['bq table not found (reason)', 'Not found: Table acme-data:staging.orders was not found in location US', { bigqueryReason: 'notFound' }, 'missing_dependency'],
  ['bq dataset not found (rpc 5)', 'Not found: Dataset acme-data:mart was not found in location EU', { rpcCode: 5 }, 'missing_dependency'],
  ['bq permission or may not exist', 'Access Denied: Table acme-data:raw.orders: User does not have permission to query table acme-data:raw.orders, or perhaps it does not exist in location EU.', { rpcCode: 7 }, 'permission_denied'],
  ['bq jobs.create missing', 'Access Denied: Project acme-data: User does not have bigquery.jobs.create permission in project acme-data.', { rpcCode: 7 }, 'permission_denied'],
  ['bq Drive credentials', 'Access Denied: BigQuery BigQuery: Permission denied while getting Drive credentials.', undefined, 'authentication_failure'],
  ['bq locations', 'Cannot read and write in different locations: source: US, destination: EU', { bigqueryReason: 'invalid' }, 'configuration_error'],
  ['bq schema changed type', 'Provided Schema does not match Table acme-data:raw.events$20240115. Field user_id has changed type from STRING to INTEGER', { bigqueryReason: 'invalid' }, 'schema_mismatch'],
  ['bq JSON no such field', 'Error while reading data, error message: JSON parsing error in row starting at position 0: No such field: customer_tier. File: gs://acme-landing/crm/2024-01-15/accounts.json', { rpcCode: 3 }, 'schema_mismatch'],
  ['bq could not parse as INT64', "Could not parse 'N/A' as INT64 for field order_count (position 3) starting at location 118 with message 'Unable to parse'", { bigqueryReason: 'invalid' }, 'schema_mismatch'],
  ['bq CSV too many errors', 'Error while reading data, error message: CSV table encountered too many errors, giving up. Rows: 5; errors: 1. Please look into the errors[] collection for more details.', { bigqueryReason: 'invalid' }, 'data_corruption'],
  ['bq avro magic', 'Error while reading data, error message: The Apache Avro library failed to parse the header with the following error: Invalid data file. Magic does not match', { bigqueryReason: 'invalid' }, 'data_corruption'],
  ['bq billing not enabled', 'Billing has not been enabled for this project. Enable billing at https://console.cloud.google.com/billing. DML queries are not allowed in the free tier. Set up a billing account to remove this restriction.', { bigqueryReason: 'billingNotEnabled' }, 'configuration_error'],

  // Dataflow
  ['df zone stock-out', "Startup of the worker pool in zone us-central1-b failed to bring up any of the desired 1 workers. Please refer to https://cloud.google.com/dataflow/docs/guides/common-errors#worker-pool-failure for help troubleshooting. ZONE_RESOURCE_POOL_EXHAUSTED: Instance 'streamingpubsubtopic-05101229-kur0-harness-xcjb' creation failed: The zone 'projects/acme-data/zones/us-central1-b' does not have enough resources available to fulfill the request.  Try a different zone, or try again later.", undefined, 'resource_exhaustion'],
  ['df stock-out with details', "Startup of the worker pool in zone us-central1-a failed to bring up any of the desired 1 workers. ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS: The zone 'projects/python-docs-samples-tests/zones/us-central1-a' does not have enough resources available to fulfill the request.  '(resource type:compute)'.", undefined, 'resource_exhaustion'],
  ['df GPU quota', "Startup of the worker pool in zone us-central1-a failed to bring up any of the desired 1 workers. Please refer to https://cloud.google.com/dataflow/docs/guides/common-errors#worker-pool-failure for help troubleshooting. QUOTA_EXCEEDED: Instance 'benchmark-tests-pytorch-i-05041052-ufe3-harness-ww4n' creation failed: Quota 'NVIDIA_T4_GPUS' exceeded. Limit: 32.0 in region us-central1.", undefined, 'resource_exhaustion'],
  ['df flex launcher stock-out', "Failed to start the VM, launcher-202503201205381015983072114339861, used for launching because of status code: RESOURCE_EXHAUSTED, reason: One or more operations had an error: 'operation-1742497540436-630cad2eb70b1-13691487-5f5d03c2': [ZONE_RESOURCE_POOL_EXHAUSTED] 'The zone 'projects/acme-data/zones/us-central1-f' does not have enough resources available to fulfill the request.  Try a different zone, or try again later.'..", undefined, 'resource_exhaustion'],
  ['df worker lost: timed out waiting', 'Workflow failed. Causes: S08:WriteParquet/Write/WriteImpl/GroupByKey/Read+WriteParquet/Write/WriteImpl/WriteBundles failed., The job failed because a work item has failed 4 times. Look in previous log entries for the cause of each one of the 4 failures. If the logs only contain generic timeout errors related to accessing external resources, such as MongoDB, verify that the worker service account has permission to access the resource\'s subnetwork. For more information, see https://cloud.google.com/dataflow/docs/guides/common-errors. The work item was attempted on these workers: \n      customer-svoc-interim-202-04020824-fj70-harness-pkgq\n      Root cause: Timed out waiting for an update from the worker. For more information, see https://cloud.google.com/dataflow/docs/guides/common-errors#worker-lost-contact.', { dataflowJobState: 'JOB_STATE_FAILED' }, 'timeout_exceeded'],
  ['df GC thrashing', 'Shutting down JVM after 8 consecutive periods of measured GC thrashing. Memory is used/total/max = 24453/42043/42043 MB, GC last/max = 58.97/99.89 %, #pushbacks=82, gc thrashing=true. Heap dump not written.', undefined, 'memory_leak'],
  ['df kernel OOM', 'Out of memory: Killed process 2042 (python) total-vm:28616496kB, anon-rss:25684136kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:51284kB oom_score_adj:900', undefined, 'memory_leak'],
  ['df processing stuck', 'Error message from worker: Processing stuck in step SpannerIO.Write/Write mutations to Cloud Spanner/Batch mutations together for at least 05m00s without outputting or completing in state process', undefined, 'timeout_exceeded'],
  ['df exec format error', 'exec /opt/apache/beam/boot: exec format error', undefined, 'missing_dependency'],
  ['df pkg_resources', "ModuleNotFoundError: No module named 'pkg_resources'", { exceptionType: 'ModuleNotFoundError' }, 'missing_dependency'],
  ['df pip no space', 'ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device', undefined, 'disk_space_full'],
  ['df APIs not enabled', 'Some Cloud APIs need to be enabled for your project in order for Cloud Dataflow to run this job.', undefined, 'configuration_error'],
  ['df org policy', 'Error trying to get gs://acme-staging/tmp/file: {"code":403,"errors":[{"domain":"global","message":"Request is prohibited by organization\'s policy","reason":"forbidden"}],"message":"Request is prohibited by organization\'s policy"}', undefined, 'permission_denied'],
  ['df rpc unavailable between workers', 'Rpc to orders-backfill-batch-harness-7x2d:12345 completed with error UNAVAILABLE: failed to connect to all addresses', undefined, 'network_timeout'],
  ['df shuffle rpc deadline', 'DEADLINE_EXCEEDED: (g)RPC timed out when orders-backfill-batch-harness-7x2d talking to orders-backfill-batch-harness-0h2q:12346.', undefined, 'network_timeout'],
  ['df java connect timeout', 'org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://10.0.0.4:8080/api": Connection timed out (Connection timed out); nested exception is java.net.ConnectException: Connection timed out (Connection timed out)', undefined, 'network_timeout'],
  ['df Pub/Sub QPS throttling', 'Request was throttled due to user QPS limit being reached', undefined, 'rate_limiting'],
  ['df different locations', 'message:Cannot read and write in different locations: source: us-central1, destination: US,reason:invalid', undefined, 'configuration_error'],
  ['df image pull not found', 'Error syncing pod 4c9d1e2f-0a7b-4c3d-9e8f-1a2b3c4d5e6f ("df-events-to-bq-08220640-5j2b-harness-r7mt_default(4c9d1e2f)"), skipping: failed to "StartContainer" for "sdk-0-0" with ErrImagePull: "rpc error: code = NotFound desc = failed to pull and unpack image \\"us-docker.pkg.dev/acme-data/beam/py-sdk:2.55\\": not found"', undefined, 'missing_dependency'],
  ['df manifest unknown', 'manifest for gcr.io/acme-data/beam-py:2.55 not found: manifest unknown: Failed to fetch "2.55" from request "/v2/acme-data/beam-py/manifests/2.55".', undefined, 'missing_dependency'],

  // Composer / Airflow
  ['airflow -9 with docs link', 'Task exited with return code -9. For more information, see https://airflow.apache.org/docs/apache-airflow/stable/troubleshooting.html#LocalTaskJob-killed', { airflowExitCode: -9, signal: 'SIGKILL' }, 'memory_leak'],
  ['airflow OSError errno 28', "OSError: [Errno 28] No space left on device: '/home/airflow/gcs/data/tmp/part-0001.parquet'", { exceptionType: 'OSError' }, 'disk_space_full'],
  ['k8s ephemeral local storage', 'Pod ephemeral local storage usage exceeds the total limit of containers 2Gi.', undefined, 'disk_space_full'],
  ['k8s evicted for memory', "Pod airflow-worker-7kq9x returned a failure: {'reason': 'Evicted', 'message': 'The node was low on resource: memory. Container base was using 3145728Ki, which exceeds its request of 1Gi.'}", undefined, 'memory_leak'],
  ['api_core Forbidden for Drive credentials', 'google.api_core.exceptions.Forbidden: 403 Access Denied: BigQuery BigQuery: Permission denied while getting Drive credentials.', { exceptionType: 'google.api_core.exceptions.Forbidden' }, 'authentication_failure'],
  ['k8s node low on ephemeral-storage', 'The node was low on resource: ephemeral-storage. Container airflow-worker was using 10541628Ki, which exceeds its request of 0.', undefined, 'disk_space_full'],
  ['airflow sensor timeout', 'airflow.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of 3600.41 seconds exceeds the specified timeout of 3600.0.', { exceptionType: 'airflow.exceptions.AirflowSensorTimeout' }, 'timeout_exceeded'],
  ['google auth invalid_grant', "google.auth.exceptions.RefreshError: ('invalid_grant: Bad Request', {'error': 'invalid_grant', 'error_description': 'Bad Request'})", { exceptionType: 'google.auth.exceptions.RefreshError' }, 'authentication_failure'],
  ['ADC not found', 'google.auth.exceptions.DefaultCredentialsError: Your default credentials were not found. To set up Application Default Credentials, see https://cloud.google.com/docs/authentication/external/set-up-adc for more information.', { exceptionType: 'google.auth.exceptions.DefaultCredentialsError' }, 'authentication_failure'],
  ['airflow conn_id undefined', "airflow.exceptions.AirflowNotFoundException: The conn_id `salesforce_prod` isn't defined", { exceptionType: 'airflow.exceptions.AirflowNotFoundException' }, 'configuration_error'],
  ['api_core Forbidden on a table', 'google.api_core.exceptions.Forbidden: 403 Access Denied: Table acme-data:raw.orders: User does not have permission to query table acme-data:raw.orders, or perhaps it does not exist in location EU.; reason: accessDenied, message: Access Denied: Table acme-data:raw.orders: User does not have permission to query table acme-data:raw.orders, or perhaps it does not exist in location EU.\n\nLocation: EU\nJob ID: airflow_orders_daily_load_orders_2024_01_15T02_00_00_00_00_3f2a9c', { exceptionType: 'google.api_core.exceptions.Forbidden' }, 'permission_denied'],
  ['api_core NotFound table', 'google.api_core.exceptions.NotFound: 404 Not found: Table acme-data:staging.orders was not found in location US', { exceptionType: 'google.api_core.exceptions.NotFound' }, 'missing_dependency'],
  ['api_core Forbidden that is a rate limit', 'google.api_core.exceptions.Forbidden: 403 Exceeded rate limits: too many table update operations for this table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas', { exceptionType: 'google.api_core.exceptions.Forbidden' }, 'rate_limiting'],
  ['api_core Forbidden that is a quota', 'google.api_core.exceptions.Forbidden: 403 Quota exceeded: Your table exceeded quota for imports or query appends per table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas', { exceptionType: 'google.api_core.exceptions.Forbidden' }, 'resource_exhaustion'],
  ['requests connect timeout', "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.partner.example', port=443): Max retries exceeded with url: /v1/orders (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f2b1c3d9e50>: Failed to establish a new connection: [Errno 110] Connection timed out'))", { exceptionType: 'requests.exceptions.ConnectionError' }, 'network_timeout'],
  ['postgres refused', 'psycopg2.OperationalError: connection to server at "10.12.0.3", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?', { exceptionType: 'psycopg2.OperationalError' }, 'network_timeout'],
  ['api_core 503', 'google.api_core.exceptions.ServiceUnavailable: 503 Visibility check was unavailable. Please retry the request and contact support if the problem persists', { exceptionType: 'google.api_core.exceptions.ServiceUnavailable' }, 'network_timeout'],
  ['trigger unknown DAG', 'airflow.exceptions.DagNotFound: Dag id orders_daly not found in DagModel', { exceptionType: 'airflow.exceptions.DagNotFound' }, 'missing_dependency'],
  ['cannot import name', "ImportError: cannot import name 'BigQueryExecuteQueryOperator' from 'airflow.providers.google.cloud.operators.bigquery' (/opt/python3.11/lib/python3.11/site-packages/airflow/providers/google/cloud/operators/bigquery.py)", { exceptionType: 'ImportError' }, 'missing_dependency'],
  ['discovery HttpError 403 permission denied', 'googleapiclient.errors.HttpError: <HttpError 403 when requesting https://dataflow.googleapis.com/v1b3/projects/acme-data/locations/us-central1/templates:launch?alt=json returned "Permission \'dataflow.jobs.create\' denied on project: \'acme-data\'". Details: "Permission \'dataflow.jobs.create\' denied on project: \'acme-data\'">', { exceptionType: 'googleapiclient.errors.HttpError' }, 'permission_denied'],
  ['api_core BadRequest locations', 'google.api_core.exceptions.BadRequest: 400 Cannot read and write in different locations: source: EU, destination: US', { exceptionType: 'google.api_core.exceptions.BadRequest' }, 'configuration_error'],

  // Workflows
  ['workflows 429 from BigQuery', "HTTP server responded with error code 429: Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'bigquery.googleapis.com' for consumer 'project_number:418209331077'.", { exceptionType: 'HttpError', rpcCode: 8 }, 'rate_limiting'],
  ['workflows connection failed', 'Connection failed: dial tcp: lookup api.partner.example on 169.254.169.254:53: no such host', { exceptionType: 'ConnectionFailedError' }, 'network_timeout'],
  ['workflows secret permission', "HTTP server responded with error code 403: Permission 'secretmanager.versions.access' denied for resource 'projects/acme-data/secrets/partner-api-key/versions/latest' (or it may not exist).", { exceptionType: 'HttpError', rpcCode: 7 }, 'permission_denied'],
];

const OPEN: ReadonlyArray<[string, string, StructuredCodes | undefined, ReadonlyArray<Category>]> = [
  ['df work item failed, worker lost contact', "Workflow failed. Causes: S04:Read orders/Read+Parse JSON failed., The job failed because a work item has failed 4 times. Look in previous log entries for the cause of each one of the 4 failures. If the logs only contain generic timeout errors related to accessing external resources, such as MongoDB, verify that the worker service account has permission to access the resource's subnetwork. For more information, see https://cloud.google.com/dataflow/docs/guides/common-errors. The work item was attempted on these workers: \n      orders-backfill-batch-11210100-a8k2-harness-7x2d\n      Root cause: The worker lost contact with the service.", { dataflowJobState: 'JOB_STATE_FAILED' }, ['network_timeout']],
  ['df quota or access control', 'Startup of the worker pool in zone us-east1-b failed to bring up any of the desired 1 workers. The project quota may have been exceeded or access control policies may be preventing the operation; review the Stackdriver Logging "GCE VM Instance" log for diagnostics.', undefined, ['resource_exhaustion', 'permission_denied']],
  ['df Python operation ongoing', "Operation ongoing for over 302.41 seconds in state process-msecs in step s5 without returning. Current Traceback:\n  File \"/usr/local/lib/python3.10/threading.py\", line 973, in _bootstrap\n    self._bootstrap_inner()", undefined, ['timeout_exceeded']],
  ['df internal issue expanding pattern', 'Workflow failed. Causes: S27:Write Correct File/Write/WriteImpl/PreFinalize failed., Internal Issue (8c2a1f0e91b3d4c2): 8c2a1f:1234, Unable to expand file pattern gs://acme-temp/temp/FILE', { dataflowJobState: 'JOB_STATE_FAILED' }, ['missing_dependency']],
  ['df gRPC RST_STREAM', 'java.io.IOException: Failed to advance reader of source: name: "projects/acme-data/locations/us/sessions/CAISDENad29R/streams/CJcHGgJqcRoCaXcg"\nCaused by: com.google.api.gax.rpc.InternalException: io.grpc.StatusRuntimeException: INTERNAL: RST_STREAM closed stream. HTTP/2 error code: INTERNAL_ERROR', { exceptionType: 'com.google.api.gax.rpc.InternalException' }, ['network_timeout']],
  ['df python user error', "ValueError: min() arg is an empty sequence [while running 'Transform translation review stats']", { exceptionType: 'ValueError' }, []],
  ['df token mismatch (benign)', 'Unable to fetch data due to token mismatch for key', undefined, []],
  ['airflow killed externally', "Executor reports task instance <TaskInstance: orders_daily.load_orders scheduled__2024-01-15T05:00:00+00:00 [queued]> finished (failed) although the task says it's queued. (Info: None) Was the task killed externally?", undefined, ['memory_leak']],
  ['airflow zombie', "Detected zombie job: {'full_filepath': '/home/airflow/gcs/dags/orders_daily.py', 'processor_subdir': '/home/airflow/gcs/dags', 'msg': \"{'DAG Id': 'orders_daily', 'Task Id': 'build_marts', 'Run Id': 'scheduled__2024-01-15T06:00:00+00:00', 'Hostname': 'airflow-worker-6x7kp'}\", 'is_failure_callback': True}", undefined, ['memory_leak', 'timeout_exceeded']],
  ['airflow bash exit 1', 'airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 1.', { exceptionType: 'airflow.exceptions.AirflowException' }, []],
  ['airflow exit code 1', 'Task exited with return code 1', { airflowExitCode: 1 }, []],
  ['bq syntax error', 'Syntax error: Expected end of input but got identifier "FORM" at [1:17]', { rpcCode: 3 }, ['configuration_error']],
  ['bq internal error', 'The job encountered an internal error during execution and was unable to complete successfully.', { bigqueryReason: 'jobInternalError' }, ['network_timeout']],
  ['bq concurrent update', 'Could not serialize access to table acme-data:mart.orders due to concurrent update', { bigqueryReason: 'invalidQuery' }, ['rate_limiting']],
  ['bq bytes billed limit', 'Query exceeded limit for bytes billed: 1000000000. 2147483648 or higher required.', { bigqueryReason: 'bytesBilledLimitExceeded' }, ['resource_exhaustion', 'configuration_error']],
  ['bq streaming buffer DML', 'UPDATE or DELETE statement over table acme-data.raw.events would affect rows in the streaming buffer, which is not supported', { bigqueryReason: 'invalidQuery' }, ['configuration_error']],
  ['workflows custom error map', 'Upstream ledger export is missing for 2024-01-14', undefined, ['missing_dependency']],
];

describe('held-out messages: rules decide what TAXONOMY decides', () => {
  it.each(DECIDED)('%s', (_label, message, codes, expected) => {
    expect(category(message, codes)).toBe(expected);
  });
});

describe('held-out messages: open cases stay unclassified or on a category the text supports', () => {
  it.each(OPEN)('%s', (_label, message, codes, allowed) => {
    const got = category(message, codes);
    if (got !== null) expect(allowed).toContain(got);
  });
});
