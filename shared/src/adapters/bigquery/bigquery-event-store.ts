import type { BigQuery, InsertRowsOptions } from '@google-cloud/bigquery';
import type { ClassifiedEvent } from '../../core/domain/pipeline-event';
import type { Clock } from '../../core/ports/clock';
import type { EventStore, RejectedInput, SaveOutcome } from '../../core/ports/event-store';
import { toPipelineEventRow, toRejectedEventRow } from '../../core/schema/rows';
import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE, type TableRow } from '../../core/schema/tables';
import { toStoreError } from './bigquery-errors';

export interface BigQueryEventStoreOptions {
  client: BigQuery;
  datasetId: string;
  clock: Clock;
  /** Table ids; default to the names in the schema definitions (what Terraform creates). */
  eventsTable?: string;
  rejectedTable?: string;
}

const INSERT_OPTIONS: InsertRowsOptions = {
  // Rows are already in REST form ({ insertId, json }); without raw the library would replace the insertId with a random UUID.
  raw: true,
  // A row refused as invalid stays invalid; the library's own partial-failure retries would only resend it.
  partialRetries: 0,
  // One row per request: an invalid row must fail the call, not be skipped silently.
  skipInvalidRows: false,
  ignoreUnknownValues: false,
};

/**
 * EventStore on BigQuery through the streaming API (tabledata.insertAll). The event id is sent as
 * insertId, so BigQuery drops a redelivered row it has seen in roughly the last minute (best effort).
 * insertAll never says whether a row was such a duplicate, so saveEvent always answers 'inserted';
 * at-most-once remediation therefore rests on the action key, not on this answer.
 */
export class BigQueryEventStore implements EventStore {
  private readonly eventsTable: string;
  private readonly rejectedTable: string;

  constructor(private readonly options: BigQueryEventStoreOptions) {
    this.eventsTable = options.eventsTable ?? PIPELINE_EVENTS_TABLE.name;
    this.rejectedTable = options.rejectedTable ?? REJECTED_EVENTS_TABLE.name;
  }

  saveEvent(event: ClassifiedEvent): Promise<SaveOutcome> {
    return this.insert(this.eventsTable, event.eventId, toPipelineEventRow(event, this.options.clock.now()));
  }

  saveRejected(rejection: RejectedInput): Promise<SaveOutcome> {
    return this.insert(this.rejectedTable, rejection.rejectionId, toRejectedEventRow(rejection));
  }

  private async insert(tableId: string, insertId: string, row: TableRow): Promise<SaveOutcome> {
    const table = this.options.client.dataset(this.options.datasetId).table(tableId);
    try {
      await table.insert([{ insertId, json: row }], INSERT_OPTIONS);
    } catch (error) {
      throw toStoreError(error, `${this.options.datasetId}.${tableId}`, insertId);
    }
    return 'inserted';
  }
}
