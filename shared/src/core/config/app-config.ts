import { ConfigError } from '../domain/errors';
import type { LogSeverity } from '../domain/log-entry';
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from '../ingest/ingest-service';

export type StoreKind = 'duckdb' | 'bigquery';

export interface AppConfig {
  store: StoreKind;
  /** Embedded default database file. */
  duckdbPath: string;
  projectId?: string;
  bigqueryDataset: string;
  bigqueryLocation: string;
  /** Path of the classifier artifact; absent means the rules stage alone. */
  modelPath?: string;
  limits: IngestLimits;
  logLevel: LogSeverity;
  remediation: RemediationSettings;
  access: AccessSettings;
  monitor: MonitorConfig;
}

/** Who may call the HTTP functions: how identities are verified and where roles are granted. */
export interface AccessSettings {
  /** JSON file path or the JSON itself: {"grants": [{"member": "group:sre@acme.example", "role": "operator"}]}. */
  policy?: string;
  /** Audience of IAP's signed header (/projects/NUMBER/global/backendServices/ID); absent = IAP headers refused. */
  iapAudience?: string;
  /** Audiences accepted on Google ID tokens (comma-separated), e.g. the API's Cloud Run URL. */
  idTokenAudiences: string[];
  /** The only identity allowed to call /expire. */
  schedulerServiceAccount?: string;
}

/** The monitor function (issue 7): where it reads metrics and keeps detector state between ticks. */
export interface MonitorConfig {
  /** Scoping project whose Cloud Monitoring metrics are read and custom metrics written; default projectId. */
  projectId?: string;
  /** Detector state between ticks: Firestore in production (the BigQuery store), DuckDB on the embedded default. */
  stateStore: 'duckdb' | 'firestore';
}

/** Where remediation finds its policy, keys and queues; the policy itself is a JSON document. */
export interface RemediationSettings {
  /** JSON file with the remediation policy and pipeline registrations; absent = safe defaults (dry run). */
  configPath?: string;
  /** Secret Manager version holding the approval-link HMAC key (production). */
  approvalKeySecret?: string;
  /** Hex approval key for local runs; a fresh random key per process when neither is set. */
  approvalKeyHex?: string;
  /** Pub/Sub topic id that ingest publishes remediation requests to; absent = remediate in process. */
  requestTopic?: string;
  /** Cloud Tasks queue (projects/P/locations/L/queues/Q) and target for deferred actions. */
  tasksQueue?: string;
  tasksTargetUrl?: string;
  tasksServiceAccount?: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogSeverity[] = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR'];

function oneOf<T extends string>(env: Environment, key: string, allowed: readonly T[], fallback: T): T {
  const value = env[key];
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(key, `must be one of ${allowed.join(', ')}, got "${value}"`);
}

function positiveInt(env: Environment, key: string, fallback: number): number {
  const value = env[key];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new ConfigError(key, `must be a positive integer, got "${value}"`);
  return parsed;
}

function text(env: Environment, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const DATASET_ID = /^[A-Za-z0-9_]{1,1024}$/;

/** Parses the process environment once at start; a bad value fails with the variable's name. */
export function parseAppConfig(env: Environment): AppConfig {
  const store = oneOf<StoreKind>(env, 'FLEXIROASTER_STORE', ['duckdb', 'bigquery'], 'duckdb');
  const projectId = text(env, 'FLEXIROASTER_PROJECT_ID') ?? text(env, 'GOOGLE_CLOUD_PROJECT');
  if (store === 'bigquery' && projectId === undefined) {
    throw new ConfigError('FLEXIROASTER_PROJECT_ID', 'is required when FLEXIROASTER_STORE=bigquery (or set GOOGLE_CLOUD_PROJECT)');
  }
  const bigqueryDataset = text(env, 'FLEXIROASTER_BQ_DATASET') ?? 'flexiroaster';
  if (!DATASET_ID.test(bigqueryDataset)) {
    throw new ConfigError('FLEXIROASTER_BQ_DATASET', `"${bigqueryDataset}" is not a valid BigQuery dataset id`);
  }
  const config: AppConfig = {
    store,
    duckdbPath: text(env, 'FLEXIROASTER_DUCKDB_PATH') ?? '.flexiroaster/flexiroaster.duckdb',
    bigqueryDataset,
    bigqueryLocation: text(env, 'FLEXIROASTER_BQ_LOCATION') ?? 'US',
    limits: {
      maxEntryBytes: positiveInt(env, 'FLEXIROASTER_MAX_ENTRY_BYTES', DEFAULT_INGEST_LIMITS.maxEntryBytes),
      rejectedPayloadChars: positiveInt(env, 'FLEXIROASTER_REJECTED_PAYLOAD_CHARS', DEFAULT_INGEST_LIMITS.rejectedPayloadChars),
    },
    logLevel: oneOf<LogSeverity>(env, 'FLEXIROASTER_LOG_LEVEL', LOG_LEVELS, 'INFO'),
    remediation: {},
    access: { idTokenAudiences: (text(env, 'FLEXIROASTER_ID_TOKEN_AUDIENCES') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '') },
    monitor: { stateStore: oneOf(env, 'FLEXIROASTER_MONITOR_STATE', ['duckdb', 'firestore'], store === 'bigquery' ? 'firestore' : 'duckdb') },
  };
  const accessPolicy = text(env, 'FLEXIROASTER_ACCESS_POLICY');
  if (accessPolicy !== undefined) config.access.policy = accessPolicy;
  const iapAudience = text(env, 'FLEXIROASTER_IAP_AUDIENCE');
  if (iapAudience !== undefined) config.access.iapAudience = iapAudience;
  const schedulerServiceAccount = text(env, 'FLEXIROASTER_SCHEDULER_SERVICE_ACCOUNT');
  if (schedulerServiceAccount !== undefined) config.access.schedulerServiceAccount = schedulerServiceAccount;
  const monitorProject = text(env, 'FLEXIROASTER_MONITOR_PROJECT') ?? projectId;
  if (monitorProject !== undefined) config.monitor.projectId = monitorProject;
  if (projectId !== undefined) config.projectId = projectId;
  const approvalKeyHex = text(env, 'FLEXIROASTER_APPROVAL_KEY');
  if (approvalKeyHex !== undefined && !/^(?:[0-9a-fA-F]{2}){32,}$/.test(approvalKeyHex)) {
    throw new ConfigError('FLEXIROASTER_APPROVAL_KEY', 'must be at least 32 bytes written as hex');
  }
  const tasksQueue = text(env, 'FLEXIROASTER_TASKS_QUEUE');
  if (tasksQueue !== undefined && !/^projects\/[^/]+\/locations\/[^/]+\/queues\/[^/]+$/.test(tasksQueue)) {
    throw new ConfigError('FLEXIROASTER_TASKS_QUEUE', `"${tasksQueue}" is not projects/P/locations/L/queues/Q`);
  }
  const remediation: Record<string, string | undefined> = {
    configPath: text(env, 'FLEXIROASTER_REMEDIATION_CONFIG'),
    approvalKeySecret: text(env, 'FLEXIROASTER_APPROVAL_KEY_SECRET'),
    approvalKeyHex,
    requestTopic: text(env, 'FLEXIROASTER_REMEDIATION_TOPIC'),
    tasksQueue,
    tasksTargetUrl: text(env, 'FLEXIROASTER_TASKS_TARGET_URL'),
    tasksServiceAccount: text(env, 'FLEXIROASTER_TASKS_SERVICE_ACCOUNT'),
  };
  for (const [key, value] of Object.entries(remediation)) if (value !== undefined) (config.remediation as Record<string, string>)[key] = value;
  const modelPath = text(env, 'FLEXIROASTER_MODEL_PATH');
  if (modelPath !== undefined) config.modelPath = modelPath;
  return config;
}
