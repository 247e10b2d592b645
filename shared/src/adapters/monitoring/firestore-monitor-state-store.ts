import type { DocumentReference, Firestore } from '@google-cloud/firestore';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import type { MonitorStateStore, SeriesStateRecord } from '../../core/monitor/ports';

/** google.rpc codes a later try may get past (CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE). */
const TRANSIENT_CODES = new Set([1, 4, 8, 10, 13, 14]);
/** Firestore commits at most 500 writes. */
const WRITES_PER_BATCH = 500;
const READS_PER_CALL = 300;

/**
 * MonitorStateStore on Firestore (production). One document per series in
 * `${prefix}_monitor_series` (the detector state as JSON text, the newest learned timestamp and an
 * `expire_at` that Firestore's TTL policy uses to delete series that stopped reporting), and the
 * checkpoint in `${prefix}_monitor/{name}`.
 *
 * Why Firestore and not BigQuery: the state is a small document per series, read and replaced by key
 * on every tick. That is Firestore's point read/write; in BigQuery it would be a query job plus a
 * MERGE job per tick, and rows streamed in are not updatable for a while. The checkpoint is written
 * after every state of the tick, so a tick that dies half-way leaves states ahead of the checkpoint:
 * the repeat re-reads the window and each state's last timestamp keeps its points from being learned twice.
 */
export class FirestoreMonitorStateStore implements MonitorStateStore {
  constructor(
    private readonly firestore: Firestore,
    private readonly prefix = 'flexiroaster',
    private readonly name = 'monitor',
  ) {}

  async readCheckpoint(): Promise<string | null> {
    try {
      const snapshot = await this.checkpointDoc().get();
      const checkpoint = snapshot.data()?.checkpoint as unknown;
      return typeof checkpoint === 'string' ? checkpoint : null;
    } catch (error) {
      throw mapped(error, 'reading the monitor checkpoint');
    }
  }

  async readSeriesStates(keys: readonly string[]): Promise<Map<string, SeriesStateRecord>> {
    const states = new Map<string, SeriesStateRecord>();
    try {
      for (let start = 0; start < keys.length; start += READS_PER_CALL) {
        const refs = keys.slice(start, start + READS_PER_CALL).map((key) => this.seriesDoc(key));
        if (refs.length === 0) continue;
        for (const snapshot of await this.firestore.getAll(...refs)) {
          const data = snapshot.data();
          if (data === undefined) continue;
          states.set(String(data.series_key), {
            state: JSON.parse(String(data.state_json)) as unknown,
            lastTimestamp: typeof data.last_timestamp === 'string' ? data.last_timestamp : '',
            updatedAt: String(data.updated_at),
          });
        }
      }
      return states;
    } catch (error) {
      throw mapped(error, 'reading monitor series states');
    }
  }

  async commit(update: { checkpoint: string; states: ReadonlyMap<string, SeriesStateRecord>; dropUpdatedBefore: string }): Promise<void> {
    const retentionMs = Date.parse(update.checkpoint) - Date.parse(update.dropUpdatedBefore);
    try {
      const entries = [...update.states];
      for (let start = 0; start < entries.length; start += WRITES_PER_BATCH) {
        const batch = this.firestore.batch();
        for (const [key, record] of entries.slice(start, start + WRITES_PER_BATCH)) {
          batch.set(this.seriesDoc(key), {
            series_key: key,
            state_json: JSON.stringify(record.state),
            last_timestamp: record.lastTimestamp,
            updated_at: record.updatedAt,
            // Firestore's TTL policy (terraform: google_firestore_field) deletes the series after this.
            expire_at: new Date(Date.parse(record.updatedAt) + Math.max(retentionMs, 0)),
          });
        }
        await batch.commit();
      }
      const stale = await this.firestore.collection(`${this.prefix}_monitor_series`).where('updated_at', '<', update.dropUpdatedBefore).limit(WRITES_PER_BATCH).get();
      if (!stale.empty) {
        const batch = this.firestore.batch();
        for (const document of stale.docs) batch.delete(document.ref);
        await batch.commit();
      }
      await this.checkpointDoc().set({ checkpoint: update.checkpoint });
    } catch (error) {
      throw mapped(error, 'committing the monitor state');
    }
  }

  private seriesDoc(key: string): DocumentReference {
    // Document ids may not contain "/"; pipeline ids and metric names may.
    return this.firestore.collection(`${this.prefix}_monitor_series`).doc(encodeURIComponent(key));
  }

  private checkpointDoc(): DocumentReference {
    return this.firestore.collection(`${this.prefix}_monitor`).doc(this.name);
  }
}

function mapped(error: unknown, context: string): TransientStoreError | PermanentStoreError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = `${context}: ${error instanceof Error ? error.message : String(error)}`;
  return typeof code === 'number' && !TRANSIENT_CODES.has(code) ? new PermanentStoreError(message, [], { cause: error }) : new TransientStoreError(message, { cause: error });
}
