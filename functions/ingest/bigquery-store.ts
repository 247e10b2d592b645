import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryEventStore } from '../../shared/src/adapters/bigquery/bigquery-event-store';
import { BigQuerySignatureLedgerStore } from '../../shared/src/adapters/bigquery/bigquery-signature-ledger-store';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { ConfigError } from '../../shared/src/core/domain/errors';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import { BigQueryAnomalyStore } from '../../shared/src/adapters/bigquery/bigquery-anomaly-store';
import { BigQueryRunStore } from '../../shared/src/adapters/bigquery/bigquery-run-store';
import type { OpenedStore } from './dependencies';

/** Production store: streaming inserts into the dataset Terraform creates, with the function's own identity. */
export async function openBigQueryEventStore(config: AppConfig): Promise<OpenedStore> {
  if (config.projectId === undefined) throw new ConfigError('FLEXIROASTER_PROJECT_ID', 'is required for the BigQuery store');
  // Few client-side retries: a failed insert throws, and Pub/Sub redelivery is the retry that survives an instance restart.
  const client = createBigQueryClient({ projectId: config.projectId, location: config.bigqueryLocation, maxRetries: 2 });
  const store = new BigQueryEventStore({ client, datasetId: config.bigqueryDataset, clock: systemClock });
  const signatureLedger = new BigQuerySignatureLedgerStore({ client, datasetId: config.bigqueryDataset });
  const runs = new BigQueryRunStore({ client, datasetId: config.bigqueryDataset, clock: systemClock, ...(config.bigqueryLocation ? { location: config.bigqueryLocation } : {}) });
  return { store, signatureLedger, runs, anomalies: new BigQueryAnomalyStore({ client, datasetId: config.bigqueryDataset }), close: async () => undefined };
}
