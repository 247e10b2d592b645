import type { FailureCategory } from '../domain/category';
import type { Classification, ClassificationInput } from '../domain/classification';
import type { StructuredCodes } from '../domain/pipeline-event';

/**
 * First classification stage: structured codes and unmistakable phrases, in the order
 * docs/TAXONOMY.md's tie-breaking rules demand. Anything not covered returns null
 * and goes to the learned classifier; this stage never guesses.
 */

interface RuleInput {
  text: string;
  codes: StructuredCodes;
  /** Last segment of codes.exceptionType ("google.auth.exceptions.RefreshError" -> "RefreshError"). */
  exception: string | undefined;
}

export interface ClassificationRule {
  id: string;
  category: FailureCategory;
  /** Fixed confidence of a hit; one of the CONFIDENCE levels below, chosen per rule. */
  confidence: number;
  test: (input: RuleInput) => boolean;
}

/**
 * Why each level: a rule's confidence is how often its evidence meant its category in the
 * documented cases, not a fitted number (the learned stage is calibrated separately).
 */
const CONFIDENCE = {
  /** The service's own machine-readable verdict maps one-to-one onto the category. */
  definitive: 0.97,
  /** A structured code or named exception whose documented meaning is this category in nearly every case. */
  code: 0.93,
  /** A documented error phrase that states the failure itself. */
  phrase: 0.9,
  /** A phrase that is reliable but also appears in a few neighbouring contexts. */
  phraseBroad: 0.85,
  /** A code with a dominant but not exclusive meaning (e.g. SIGKILL is usually, not always, the OOM killer). */
  codeWeak: 0.8,
} as const;

const MEMORY =
  /out ?of ?memory|OutOfMemory|\bOOM(?:Killed|[ -]?kill(?:ed|er)?)?\b|Cannot allocate memory|\bMemoryError\b|allotted memory|memory limit (?:exceeded|of [\d.]+ ?\w+ exceeded)|exceed(?:s|ed|ing)? (?:its |the )?memory limit|GC overhead limit exceeded|Java heap space|GC thrashing|Negsignal\.SIGKILL|Killed process \d+|memory (?:usage )?(?:exceeded|exhausted)|(?:insufficient|not enough) memory|low on resource: memory/i;
const DISK =
  /No space left on device|\bENOSPC\b|\[Errno 28\]|ephemeral[- ](?:local )?storage|disk (?:is )?full|DiskPressure|out of disk space|(?:insufficient|not enough) (?:free )?disk space/i;
const AUTHENTICATION =
  /\binvalid_grant\b|\bRefreshError\b|DefaultCredentialsError|\bUNAUTHENTICATED\b|problem refreshing (?:your )?(?:current )?(?:auth tokens|credentials)|missing (?:a )?required authentication credential|invalid authentication credentials|Could not automatically determine credentials|Token has been expired or revoked|Drive credentials|credentials? (?:have |has )?expired|\binvalid_client\b|\bunauthorized_client\b|Reauthentication (?:is )?(?:required|failed)|(?:HTTP|status(?: code)?|error code)[ :=]*401\b|\b401 (?:Unauthorized|Client Error)/i;
const RATE =
  /exceeded rate limits|rate ?limit|rateLimitExceeded|too many requests|(?:HTTP|status(?: code)?|error code)[ :=]*429\b|\b429 (?:Too Many|Client Error)|concurrent api requests|AppendRows throughput|throughput quota|requests? per (?:second|minute|100 seconds|day per user)|per user per (?:method|second|minute)|\bQPS\b|too many (?:[a-z]+ )*(?:operations|requests|mutations|DML statements|concurrent queries)|mutation rate|rate of (?:object |table )?(?:mutations?|updates?|changes?)/i;
const PERMISSION =
  /Access Denied|does not have (?:the )?(?:[\w.]+ )?(?:permission|access)|\bPERMISSION_DENIED\b|permission denied|Permission '?[\w.]+'? denied|User not authorized|not authorized to|prohibited by (?:the )?organization'?s? policy|caller does not have permission|lacks? (?:the )?(?:required )?(?:IAM )?(?:permission|role)|missing (?:the )?(?:required )?(?:IAM )?permission|insufficient (?:IAM )?permissions?|(?:HTTP|status(?: code)?|error code)[ :=]*403\b|\b403 (?:Forbidden|Client Error)/i;
/** Own limit (rule 3): phrases for a job, task or step that outlived its own time budget. */
const OWN_TIMEOUT =
  /Operation timed out after|AirflowTaskTimeout|AirflowSensorTimeout|Sensor has timed out|Process timed out|Processing stuck|no worker activity|Timed out waiting for an update from the worker|Task timed out|execution_timeout|exceeded (?:its |the )?(?:maximum )?(?:execution|run(?:ning)?) ?time|Job timed out|dagrun_timeout|DagRun timed out|exceeded the maximum (?:execution )?duration/i;
const CAPACITY =
  /ZONE_RESOURCE_POOL_EXHAUSTED|resource pool exhausted|does not have enough resources available|insufficient quotas?|Quota exceeded|QUOTA_EXCEEDED|quotaExceeded|exceeded quota|Quota '[A-Z_]+' exceeded|IP_SPACE_EXHAUSTED|Resources exceeded|resourcesExceeded|Query exceeded resource limits|too complex|responseTooLarge|Response too large|shuffle (?:size )?limit|exceeded the maximum (?:allowed )?(?:shuffle|number of)|\bstockout\b/i;
const NETWORK =
  /Connection timed out|\bconnect(?:ion)?\b[^\n]{0,60}\btimed out\b|Connection reset by peer|Connection refused|Connection aborted|connection (?:was )?(?:closed|lost|dropped) (?:unexpectedly|by)|\bDEADLINE_EXCEEDED\b|Deadline Exceeded|failed to connect to all addresses|\bUNAVAILABLE\b|Service Unavailable|Gateway Time-?out|Bad Gateway|\bConnectTimeout(?:Error)?\b|\bReadTimeout(?:Error)?\b|Read timed out|SocketTimeoutException|UnknownHostException|Temporary failure in name resolution|Name or service not known|Broken pipe|RemoteDisconnected|EOF occurred in violation of protocol|socket hang up|\bETIMEDOUT\b|\bECONNRESET\b|\bECONNREFUSED\b|(?:HTTP|status(?: code)?|error code)[ :=]*50[234]\b|\b50[234] (?:Service Unavailable|Bad Gateway|Gateway|Backend Error|Server Error)|Network is unreachable|No route to host|handshake (?:timed out|failure)/i;
const SCHEMA =
  /Provided Schema does not match|has changed type from|\bno such field\b|is missing in new schema|\bField [^\n]{1,120} is missing\b|Cannot convert value|No matching signature|changed mode from|\b(?:NULLABLE|REQUIRED)\b[^\n]{0,40}\b(?:REQUIRED|NULLABLE)\b|Invalid schema update|schema mismatch|does not match (?:the )?(?:target |table )?schema|Unrecognized name:|wrong column count|Could not parse '[^'\n]*' as|Invalid (?:timestamp|date|datetime|time|numeric|bignumeric|integer|float|boolean) value|incompatible (?:types?|schemas?)|Inconsistent types?|cannot be (?:cast|coerced)|type mismatch|Missing required field/i;
const CORRUPTION =
  /(?:CSV|JSON) table encountered too many errors|checksum (?:mismatch|failed|does not match)|(?:CRC32C?|MD5) (?:mismatch|does not match)|Invalid data file|Magic does not match|Not an Avro data file|Invalid JSON payload|Read less values than expected|\bcorrupt(?:ed|ion)?\b|\bmalformed\b|Unexpected end of (?:file|stream|JSON input|data)|Invalid UTF-?8|Error detected while parsing row|not a (?:valid )?(?:parquet|avro|orc) file/i;
const MISSING =
  /No module named|ModuleNotFoundError|NoClassDefFoundError|ClassNotFoundException|manifest (?:for [^\n]+ )?unknown|exec format error|dag_id could not be found|Dag id [^\n]{1,120} not found|Not found: (?:Table|Dataset|Project|Model|Routine|View|Job|URI|Files?|Connection)\b|cannot import name|ImagePullBackOff|ErrImagePull|Failed to pull image|No matching distribution found|Could not find a version that satisfies|No such object:|error code 404\b|\b404 (?:Not Found|Client Error)|Unable to locate package|command not found|(?:Table|Dataset) [\w.:-]+ (?:was )?not found/i;
const CONFIGURATION =
  /Cannot read and write in different locations|in different locations|Invalid subnetwork|subnetwork [^\n]{1,120} (?:not found|does not exist|is not ready)|(?:API|APIs) (?:has not been used|needs? to be enabled|is not enabled|are not enabled)|or it is disabled|SERVICE_DISABLED|accessNotConfigured|Constraint [^\n]{1,120} violated|isn't defined|Variable [^\n]{1,80} does not exist|Billing has not been enabled|billingNotEnabled|Invalid value for (?:field|flag|option|argument|parameter)|Unrecognized (?:option|argument|flag)|unknown (?:flag|option)|Invalid (?:machine|worker) type|is not a valid (?:region|zone|location)|must be in the same (?:location|region)|misconfigured/i;

const reason = (input: RuleInput, ...reasons: string[]): boolean =>
  input.codes.bigqueryReason !== undefined && reasons.includes(input.codes.bigqueryReason);
const rpc = (input: RuleInput, code: number): boolean => input.codes.rpcCode === code;
const exception = (input: RuleInput, ...names: string[]): boolean => input.exception !== undefined && names.includes(input.exception);
const says = (input: RuleInput, pattern: RegExp): boolean => pattern.test(input.text);

/** Ordered: the first rule that matches decides; later rules only supply the runner-up. */
export const CLASSIFICATION_RULES: readonly ClassificationRule[] = [
  // Tie-break 1: BigQuery's own reason codes beat text, except quotaExceeded when the text is about a rate.
  { id: 'bq_reason_rate_limit', category: 'rate_limiting', confidence: CONFIDENCE.definitive, test: (i) => reason(i, 'rateLimitExceeded') },
  { id: 'bq_reason_quota_rate', category: 'rate_limiting', confidence: CONFIDENCE.code, test: (i) => reason(i, 'quotaExceeded') && says(i, RATE) },
  { id: 'bq_reason_quota', category: 'resource_exhaustion', confidence: CONFIDENCE.code, test: (i) => reason(i, 'quotaExceeded') },
  { id: 'bq_reason_access_denied', category: 'permission_denied', confidence: CONFIDENCE.definitive, test: (i) => reason(i, 'accessDenied') },
  { id: 'rpc_unauthenticated', category: 'authentication_failure', confidence: CONFIDENCE.definitive, test: (i) => rpc(i, 16) },
  // Tie-break 2 inside a structured code: "Resources exceeded" that is about memory is memory.
  { id: 'bq_reason_resources_memory', category: 'memory_leak', confidence: CONFIDENCE.code, test: (i) => reason(i, 'resourcesExceeded') && says(i, MEMORY) },
  { id: 'bq_reason_resources', category: 'resource_exhaustion', confidence: CONFIDENCE.code, test: (i) => reason(i, 'resourcesExceeded', 'responseTooLarge') },
  { id: 'bq_reason_timeout', category: 'timeout_exceeded', confidence: CONFIDENCE.code, test: (i) => reason(i, 'timeout') },
  { id: 'bq_reason_not_found', category: 'missing_dependency', confidence: CONFIDENCE.code, test: (i) => reason(i, 'notFound') && !says(i, PERMISSION) },
  { id: 'bq_reason_billing', category: 'configuration_error', confidence: CONFIDENCE.code, test: (i) => reason(i, 'billingNotEnabled') },

  // Exception classes the producer named (Python, Java, Airflow, Workflows error tags).
  { id: 'exception_out_of_memory', category: 'memory_leak', confidence: CONFIDENCE.code, test: (i) => exception(i, 'OutOfMemoryError', 'MemoryError') },
  { id: 'exception_airflow_timeout', category: 'timeout_exceeded', confidence: CONFIDENCE.code, test: (i) => exception(i, 'AirflowTaskTimeout', 'AirflowSensorTimeout') },
  {
    id: 'exception_credentials',
    category: 'authentication_failure',
    confidence: CONFIDENCE.code,
    test: (i) => exception(i, 'RefreshError', 'DefaultCredentialsError', 'Unauthenticated', 'AuthError'),
  },
  {
    id: 'exception_missing_code',
    category: 'missing_dependency',
    confidence: CONFIDENCE.code,
    test: (i) => exception(i, 'ModuleNotFoundError', 'NoClassDefFoundError', 'ClassNotFoundException'),
  },
  { id: 'exception_too_many_requests', category: 'rate_limiting', confidence: CONFIDENCE.code, test: (i) => exception(i, 'TooManyRequests') },
  {
    id: 'exception_forbidden',
    category: 'permission_denied',
    confidence: CONFIDENCE.phrase,
    // BigQuery answers quota and rate errors with 403 as well, so the text must not be about either;
    // nor about credentials ("403 ... Permission denied while getting Drive credentials").
    test: (i) =>
      exception(i, 'PermissionDenied', 'Forbidden', 'AccessDeniedException') && !says(i, RATE) && !says(i, CAPACITY) && !says(i, AUTHENTICATION),
  },
  { id: 'exception_not_found', category: 'missing_dependency', confidence: CONFIDENCE.phraseBroad, test: (i) => exception(i, 'NotFound') && !says(i, PERMISSION) },
  {
    id: 'exception_transport',
    category: 'network_timeout',
    confidence: CONFIDENCE.phrase,
    test: (i) =>
      exception(i, 'ConnectionError', 'ConnectionFailedError', 'ServiceUnavailable', 'DeadlineExceeded', 'ConnectTimeout', 'ReadTimeout', 'SocketTimeoutException', 'UnknownHostException') &&
      !says(i, OWN_TIMEOUT),
  },

  // Airflow: the kernel OOM killer is what sends SIGKILL to a task in practice (TAXONOMY lists Negsignal.SIGKILL).
  {
    id: 'airflow_sigkill',
    category: 'memory_leak',
    confidence: CONFIDENCE.codeWeak,
    test: (i) => i.codes.signal === 'SIGKILL' || i.codes.airflowExitCode === -9 || i.codes.airflowExitCode === 137,
  },

  // google.rpc codes whose meaning is unambiguous once the text rules out the known exceptions.
  {
    id: 'rpc_permission_denied',
    category: 'permission_denied',
    confidence: CONFIDENCE.code,
    test: (i) => rpc(i, 7) && !says(i, RATE) && !says(i, CAPACITY) && !says(i, AUTHENTICATION),
  },
  { id: 'rpc_unavailable', category: 'network_timeout', confidence: CONFIDENCE.phrase, test: (i) => rpc(i, 14) && !says(i, MEMORY) },
  { id: 'rpc_not_found', category: 'missing_dependency', confidence: CONFIDENCE.phraseBroad, test: (i) => rpc(i, 5) && !says(i, PERMISSION) },

  // Phrases, in tie-breaking order: memory before capacity (2), credentials before permission
  // ("Permission denied while getting Drive credentials" is authentication), rate before quota (5),
  // permission before not-found (4), own time limit before transport (3).
  { id: 'text_out_of_memory', category: 'memory_leak', confidence: CONFIDENCE.phrase, test: (i) => says(i, MEMORY) },
  { id: 'text_disk_full', category: 'disk_space_full', confidence: CONFIDENCE.phrase, test: (i) => says(i, DISK) },
  { id: 'text_credentials', category: 'authentication_failure', confidence: CONFIDENCE.phrase, test: (i) => says(i, AUTHENTICATION) },
  { id: 'text_rate_limit', category: 'rate_limiting', confidence: CONFIDENCE.phrase, test: (i) => says(i, RATE) },
  { id: 'text_permission', category: 'permission_denied', confidence: CONFIDENCE.phrase, test: (i) => says(i, PERMISSION) },
  { id: 'text_own_timeout', category: 'timeout_exceeded', confidence: CONFIDENCE.phrase, test: (i) => says(i, OWN_TIMEOUT) },
  { id: 'text_capacity', category: 'resource_exhaustion', confidence: CONFIDENCE.phrase, test: (i) => says(i, CAPACITY) },
  { id: 'text_transport', category: 'network_timeout', confidence: CONFIDENCE.phraseBroad, test: (i) => says(i, NETWORK) },
  { id: 'text_schema', category: 'schema_mismatch', confidence: CONFIDENCE.phraseBroad, test: (i) => says(i, SCHEMA) },
  { id: 'text_corruption', category: 'data_corruption', confidence: CONFIDENCE.phraseBroad, test: (i) => says(i, CORRUPTION) },
  { id: 'text_missing', category: 'missing_dependency', confidence: CONFIDENCE.phraseBroad, test: (i) => says(i, MISSING) },
  { id: 'text_configuration', category: 'configuration_error', confidence: CONFIDENCE.phraseBroad, test: (i) => says(i, CONFIGURATION) },

  // Last: RESOURCE_EXHAUSTED with no telling text is most often a non-rate quota.
  { id: 'rpc_resource_exhausted', category: 'resource_exhaustion', confidence: CONFIDENCE.codeWeak, test: (i) => rpc(i, 8) },
];

function ruleInput(input: ClassificationInput): RuleInput {
  const exceptionType = input.codes?.exceptionType;
  return {
    text: input.message,
    codes: input.codes ?? {},
    exception: exceptionType === undefined ? undefined : exceptionType.split(/[.$]/).at(-1),
  };
}

export function classifyByRules(input: ClassificationInput, rules: readonly ClassificationRule[] = CLASSIFICATION_RULES): Classification | null {
  const prepared = ruleInput(input);
  const winnerIndex = rules.findIndex((rule) => rule.test(prepared));
  const winner = rules[winnerIndex];
  if (winner === undefined) return null;
  const classification: Classification = { category: winner.category, confidence: winner.confidence, stage: 'rules', rule: winner.id };
  // Tie-break 6: a different category that also matched is reported, bounded by what the winner leaves.
  const runnerUp = rules.slice(winnerIndex + 1).find((rule) => rule.category !== winner.category && rule.test(prepared));
  if (runnerUp !== undefined) {
    const confidence = Math.round(Math.min(runnerUp.confidence, 1 - winner.confidence) * 100) / 100;
    classification.runnerUp = { category: runnerUp.category, confidence };
  }
  return classification;
}
