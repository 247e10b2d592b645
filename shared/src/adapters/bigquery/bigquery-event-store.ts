import type { BigQuery } from '@google-cloud/bigquery';
import type { ClassifiedEvent } from '../../core/domain/pipeline-event';
import type { Clock } from '../../core/ports/clock';
import type { EventStore, RejectedInput, SaveOutcome } from '../../core/ports/event-store';
import { toPipelineEventRow, toRejectedEventRow } from '../../core/schema/rows';
import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE, type TableRow } from '../../core/schema/tables';
import { insertRow } from './bigquery-insert';

export interface BigQueryEventStoreOptions {
  client: BigQuery;
  datasetId: string;
  clock: Clock;
  /** Table ids; default to the names in the schema definitions (what Terraform creates). */
  eventsTable?: string;
  rejectedTable?: string;
}

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
    await insertRow(this.options.client, this.options.datasetId, tableId, insertId, row);
    return 'inserted';
  }
}
