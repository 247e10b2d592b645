import { systemClock } from '../../shared/src/adapters/system/system-clock';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import { ConfigError } from '../../shared/src/core/domain/errors';
import { SnapshotService } from '../../shared/src/core/health/snapshot-service';
import type { SnapshotReader } from '../../shared/src/core/health/snapshot-types';
import { AccessControl } from '../http/access-control';
import type { ApiDependencies } from './app';

// Each store's client is loaded only when chosen, like the ingest function's.
async function openReader(config: AppConfig): Promise<SnapshotReader> {
  if (config.store === 'bigquery') {
    if (config.projectId === undefined) throw new ConfigError('FLEXIROASTER_PROJECT_ID', 'is required for the BigQuery store');
    const { createBigQueryClient } = await import('../../shared/src/adapters/bigquery/bigquery-client');
    const { BigQuerySnapshotReader } = await import('../../shared/src/adapters/bigquery/bigquery-snapshot-reader');
    const client = createBigQueryClient({ projectId: config.projectId, location: config.bigqueryLocation, maxRetries: 2 });
    return new BigQuerySnapshotReader({ client, datasetId: config.bigqueryDataset, location: config.bigqueryLocation });
  }
  const { DuckDbDatabase } = await import('../../shared/src/adapters/duckdb/duckdb-database');
  const { DuckDbSnapshotReader } = await import('../../shared/src/adapters/duckdb/duckdb-snapshot-reader');
  return new DuckDbSnapshotReader(await DuckDbDatabase.open(config.duckdbPath));
}

async function accessControl(config: AppConfig): Promise<AccessControl> {
  const { readAccessPolicy } = await import('../../shared/src/adapters/config/access-policy-file');
  const { GoogleIdentityVerifier } = await import('../../shared/src/adapters/identity/google-identity-verifier');
  const verifier = new GoogleIdentityVerifier({
    ...(config.access.iapAudience === undefined ? {} : { iapAudience: config.access.iapAudience }),
    idTokenAudiences: config.access.idTokenAudiences,
  });
  return new AccessControl({ verifier, policy: readAccessPolicy(config.access.policy) });
}

/** Composition root of the deployed api function: every route behind the access policy. */
export async function buildApiDependencies(config: AppConfig): Promise<ApiDependencies> {
  return { snapshots: new SnapshotService(await openReader(config), systemClock), access: await accessControl(config) };
}
