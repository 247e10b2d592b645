import { BigQuery } from '@google-cloud/bigquery';
import { BigQueryEventStore } from '../../shared/src/adapters/bigquery/bigquery-event-store';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import type { AppConfig } from '../../shared/src/core/config/app-config';
import type { EventStore } from '../../shared/src/core/ports/event-store';

/** Production store: streaming inserts into the dataset Terraform creates, with the function's own identity. */
export async function openBigQueryEventStore(config: AppConfig): Promise<{ store: EventStore; close(): Promise<void> }> {
  const client = new BigQuery({ ...(config.projectId ? { projectId: config.projectId } : {}), location: config.bigqueryLocation });
  const store = new BigQueryEventStore({ client, datasetId: config.bigqueryDataset, clock: systemClock });
  return { store, close: async () => undefined };
}
