import type { BigQuery } from '@google-cloud/bigquery';
import type { Clock } from '../../core/ports/clock';
import { toRemediationActionRow } from '../../core/remediation/audit-rows';
import type { RemediationRecordSink } from '../../core/remediation/remediation-messaging';
import type { RemediationRecord } from '../../core/remediation/remediation-record';
import { REMEDIATION_ACTIONS_AUDIT_TABLE } from '../../core/schema/tables';
import { insertRow } from './bigquery-insert';

export interface BigQueryRemediationSinkOptions {
  client: BigQuery;
  datasetId: string;
  /** Stamps recorded_at, which orders the versions of one action. */
  clock: Clock;
  /** Table id; defaults to remediation_actions (what Terraform creates). */
  table?: string;
}

/**
 * RemediationRecordSink on BigQuery (tabledata.insertAll into `remediation_actions`): appends one row
 * per record version. The insertId is the version id (action_key, status, settled_at or decided_at),
 * so a repeated write of the same version is dropped by BigQuery's best-effort dedupe while every
 * transition is kept; the same id is stored in version_id for exact dedupe in queries.
 * Throws TransientStoreError / PermanentStoreError like the event store.
 */
export class BigQueryRemediationSink implements RemediationRecordSink {
  private readonly table: string;

  constructor(private readonly options: BigQueryRemediationSinkOptions) {
    this.table = options.table ?? REMEDIATION_ACTIONS_AUDIT_TABLE.name;
  }

  async write(record: RemediationRecord): Promise<void> {
    const row = toRemediationActionRow(record, this.options.clock.now());
    await insertRow(this.options.client, this.options.datasetId, this.table, row.version_id, row);
  }
}
