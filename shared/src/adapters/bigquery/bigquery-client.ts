import { BigQuery, type BigQueryOptions } from '@google-cloud/bigquery';

export interface BigQueryClientSettings {
  projectId: string;
  /** Default location for jobs; streaming inserts do not need it. */
  location?: string;
  /**
   * Base URL of the API, without the /bigquery/v2 suffix. Defaults to https://bigquery.googleapis.com;
   * tests point it at a local recording server (http://127.0.0.1:PORT).
   */
  apiEndpoint?: string;
  /** Credentials; absent means Application Default Credentials (the function's service account). */
  authClient?: BigQueryOptions['authClient'];
  /**
   * Retries the client library makes itself on 408/429/5xx before an error reaches the store.
   * 0 turns them off (tests; or when Pub/Sub redelivery is the only retry wanted). Library default: 3.
   */
  maxRetries?: number;
  /**
   * Cap on the library's backoff between its retries, in seconds (library default 64). Keep it well
   * below the function timeout: after that, Pub/Sub redelivery is the better retry.
   */
  maxRetryDelaySeconds?: number;
}

/** Built once per instance (a function's cold start) and shared by the BigQuery adapters. */
export function createBigQueryClient(settings: BigQueryClientSettings): BigQuery {
  const options: BigQueryOptions = { projectId: settings.projectId };
  if (settings.location !== undefined) options.location = settings.location;
  if (settings.apiEndpoint !== undefined) options.apiEndpoint = settings.apiEndpoint.replace(/\/+$/, '');
  if (settings.authClient !== undefined) options.authClient = settings.authClient;
  if (settings.maxRetries !== undefined) {
    if (!Number.isInteger(settings.maxRetries) || settings.maxRetries < 0) throw new RangeError(`maxRetries must be a non-negative integer, got ${settings.maxRetries}`);
    // The library reads maxRetries: 0 as "use the default", so zero retries has to be spelled autoRetry: false.
    options.retryOptions = settings.maxRetries === 0 ? { autoRetry: false } : { autoRetry: true, maxRetries: settings.maxRetries };
  }
  if (settings.maxRetryDelaySeconds !== undefined) {
    if (!(settings.maxRetryDelaySeconds > 0)) throw new RangeError(`maxRetryDelaySeconds must be positive, got ${settings.maxRetryDelaySeconds}`);
    options.retryOptions = { ...options.retryOptions, maxRetryDelay: settings.maxRetryDelaySeconds };
  }
  return new BigQuery(options);
}
