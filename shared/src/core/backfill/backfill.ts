import { InputRejectedError } from '../domain/errors';
import type { LogEntry } from '../domain/log-entry';
import type { IngestOutcome } from '../ingest/ingest-service';
import type { DecodedPubSubMessage } from '../ingest/pubsub-message';
import { canonicalJson, eventIdOf, identityOf } from '../normalize/identity';
import { type ExportedLogRow, logEntryFromExportedRow } from './exported-log-row';

export interface BackfillSummary {
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Greatest LogEntry timestamp seen: the next run's checkpoint. */
  lastTimestamp: string | null;
}

export interface BackfillTarget {
  /** The ingest use case without a remediation hand-off: history is stored and classified, never acted on. */
  ingest(message: DecodedPubSubMessage): Promise<IngestOutcome>;
}

/**
 * History through the same decode → normalise → classify → store path as live traffic. Each entry is
 * sent as the sink would send it; the message id is derived from the entry's identity, so a rejected
 * row is recorded once however often the backfill runs, and a stored one dedupes on its event id.
 */
export async function backfillEntries(
  pages: AsyncIterable<readonly ExportedLogRow[]>,
  target: BackfillTarget,
  progress: (summary: BackfillSummary) => void = () => undefined,
): Promise<BackfillSummary> {
  const summary: BackfillSummary = { read: 0, stored: 0, duplicates: 0, rejected: 0, lastTimestamp: null };
  for await (const page of pages) {
    for (const row of page) {
      summary.read += 1;
      let entry: LogEntry;
      try {
        entry = logEntryFromExportedRow(row);
      } catch (error) {
        if (!(error instanceof InputRejectedError)) throw error;
        // Keep the row as the ingest path keeps any unreadable input: in rejected_events, with its reason.
        const text = JSON.stringify(row);
        const outcome = await target.ingest({ attributes: {}, base64Data: Buffer.from(text, 'utf8').toString('base64'), messageId: `backfill-row-${eventIdOf({ logName: 'exported-row', insertId: canonicalJson(row) })}` });
        summary.rejected += outcome.kind === 'rejected' && !outcome.duplicate ? 1 : 0;
        continue;
      }
      const text = JSON.stringify(entry);
      const outcome = await target.ingest({
        attributes: {},
        base64Data: Buffer.from(text, 'utf8').toString('base64'),
        messageId: `backfill-${eventIdOf(identityOf(entry))}`,
      });
      if (outcome.kind === 'stored') {
        if (outcome.duplicate) summary.duplicates += 1;
        else summary.stored += 1;
      } else if (!outcome.duplicate) summary.rejected += 1;
      else summary.duplicates += 1;
      if (entry.timestamp !== undefined && (summary.lastTimestamp === null || entry.timestamp > summary.lastTimestamp)) summary.lastTimestamp = entry.timestamp;
    }
    progress(summary);
  }
  return summary;
}
