import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import {
  SecretInspectionError,
  type SecretInspection,
  type SecretVersionFacts,
  type SecretVersionInspector,
  type SecretVersionState,
} from '../../core/remediation/secret-inspector';
import { describeApiError, formatFailure } from './api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from './google-client-settings';

interface VersionResource {
  name?: string | null;
  state?: unknown;
  createTime?: TimestampLike | null;
  destroyTime?: TimestampLike | null;
}

interface TimestampLike {
  seconds?: number | string | { toString(): string } | null;
  nanos?: number | null;
}

/**
 * Answers SecretVersionInspector from Secret Manager metadata only: versions.list for the state of
 * every version and versions.get on the "latest" alias for what consumers resolve. Neither call
 * reads secret data, so the function needs secretmanager.versions.list/get, not versions.access.
 */
export class SecretManagerVersionInspector implements SecretVersionInspector {
  private readonly client: GaxClient<SecretManagerServiceClient>;

  constructor(private readonly settings: GoogleApiSettings = {}) {
    this.client = new GaxClient(
      () => new SecretManagerServiceClient(gaxRestOptions<ConstructorParameters<typeof SecretManagerServiceClient>[0]>(settings)),
    );
  }

  async inspect(secret: { projectId: string; secretId: string }): Promise<SecretInspection> {
    const secretName = `projects/${secret.projectId}/secrets/${secret.secretId}`;
    const versions = await this.call(`secretmanager versions.list ${secretName}`, async () => {
      const secrets = await this.client.ready();
      const [list] = await withDeadline(
        secrets.listSecretVersions({ parent: secretName }, { ...gaxCallOptions(this.settings), autoPaginate: true }),
        this.settings,
      );
      return list;
    });
    const facts = versions.flatMap((version) => {
      const fact = toFacts(version);
      return fact ? [fact] : [];
    });
    facts.sort((a, b) => Number(b.version) - Number(a.version) || b.createTime.localeCompare(a.createTime));

    let latest: SecretVersionFacts | null = null;
    if (facts.length > 0) {
      latest = await this.call(`secretmanager versions.get ${secretName}/versions/latest`, async () => {
        try {
          const secrets = await this.client.ready();
          const [version] = await withDeadline(
            secrets.getSecretVersion({ name: `${secretName}/versions/latest` }, gaxCallOptions(this.settings)),
            this.settings,
          );
          return toFacts(version) ?? null;
        } catch (error) {
          // Every version may have been deleted between the two calls.
          if (describeApiError(error).httpStatus === 404) return null;
          throw error;
        }
      });
    }
    return {
      secret: secretName,
      latest,
      latestEnabled: latest?.state === 'ENABLED',
      enabled: facts.filter((fact) => fact.state === 'ENABLED'),
      disabled: facts.filter((fact) => fact.state === 'DISABLED'),
      destroyed: facts.filter((fact) => fact.state === 'DESTROYED'),
    };
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const failure = describeApiError(error);
      throw new SecretInspectionError(formatFailure(operation, failure), failure.retryable, failure.httpStatus);
    }
  }
}

function toFacts(version: VersionResource): SecretVersionFacts | undefined {
  if (!version.name) return undefined;
  const fact: SecretVersionFacts = {
    name: version.name,
    version: version.name.slice(version.name.lastIndexOf('/') + 1),
    state: stateOf(version.state),
    createTime: isoTime(version.createTime) ?? '',
  };
  const destroyTime = isoTime(version.destroyTime);
  if (destroyTime) fact.destroyTime = destroyTime;
  return fact;
}

function stateOf(state: unknown): SecretVersionState {
  return state === 'ENABLED' || state === 'DISABLED' || state === 'DESTROYED' ? state : 'UNKNOWN';
}

/** protobuf Timestamp ({seconds, nanos}, seconds as a string or Long) to ISO-8601 at millisecond precision. */
function isoTime(timestamp: TimestampLike | null | undefined): string | undefined {
  if (!timestamp || timestamp.seconds === undefined || timestamp.seconds === null) return undefined;
  const seconds = Number(String(timestamp.seconds));
  if (!Number.isFinite(seconds)) return undefined;
  return new Date(seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6)).toISOString();
}
