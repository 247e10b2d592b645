/**
 * What the credential-refresh strategy needs to know about a secret before it decides anything:
 * does "latest" resolve to a usable version, how old is it, and which versions were switched off.
 * Read-only: no secret value ever crosses this port.
 */
export type SecretVersionState = 'ENABLED' | 'DISABLED' | 'DESTROYED' | 'UNKNOWN';

export interface SecretVersionFacts {
  /** Full resource name, e.g. projects/418327550115/secrets/db-password/versions/7. */
  name: string;
  /** The version id alone, e.g. "7". */
  version: string;
  state: SecretVersionState;
  /** ISO-8601. */
  createTime: string;
  /** ISO-8601, for destroyed versions. */
  destroyTime?: string;
}

export interface SecretInspection {
  /** projects/{project}/secrets/{secret}, as asked. */
  secret: string;
  /** What versions/latest resolves to (the most recently created version); null when there is none. */
  latest: SecretVersionFacts | null;
  /** True only when `latest` exists and is ENABLED, i.e. a consumer reading "latest" gets a value. */
  latestEnabled: boolean;
  /** Each list newest first. */
  enabled: SecretVersionFacts[];
  disabled: SecretVersionFacts[];
  destroyed: SecretVersionFacts[];
}

export interface SecretVersionInspector {
  inspect(secret: { projectId: string; secretId: string }): Promise<SecretInspection>;
}

/** The inspection could not be made; `retryable` says whether asking again later may succeed. */
export class SecretInspectionError extends Error {
  override readonly name = 'SecretInspectionError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}
