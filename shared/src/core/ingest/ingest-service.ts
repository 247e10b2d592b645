import { createHash } from 'node:crypto';
import type { Classification, EventClassifier } from '../domain/classification';
import { InputRejectedError, PermanentStoreError } from '../domain/errors';
import type { ClassifiedEvent, PipelineEvent } from '../domain/pipeline-event';
import { normalizeLogEntry } from '../normalize';
import type { Clock } from '../ports/clock';
import type { EventStore, RejectedInput, SaveOutcome } from '../ports/event-store';
import type { Logger } from '../ports/logger';
import { maskPii, maskPiiDeep } from '../privacy/mask-pii';
import type { SignatureLedgerStore } from '../signature-ledger/signature-ledger-store';
import { SignatureJournal } from '../signature-ledger/signature-journal';
import type { RunHealth, RunTracker } from '../runs/track-runs';
import { classifyEvent } from './classify-event';
import { base64HeadForRecord, decodeBase64Strict, parseJsonStrict } from './decode-payload';
import { type DecodedPubSubMessage, SINK_TIMESTAMP_ATTRIBUTE } from './pubsub-message';

export interface IngestLimits {
  /** Largest decoded LogEntry accepted. Cloud Logging caps an entry at 256 KB; twice that leaves room for sink framing. */
  maxEntryBytes: number;
  /** How much of a rejected payload is kept for diagnosis. */
  rejectedPayloadChars: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = { maxEntryBytes: 512 * 1024, rejectedPayloadChars: 4096 };

/**
 * Called after an event is stored (or found already stored), e.g. to request remediation. Failures
 * propagate so Pub/Sub retries. `health` is present when run telemetry is tracked.
 */
export type StoredEventListener = (event: ClassifiedEvent, classification: Classification | null, health?: RunHealth) => Promise<void>;

export interface IngestDependencies {
  store: EventStore;
  classifier: EventClassifier;
  logger: Logger;
  clock: Clock;
  limits?: IngestLimits;
  onStored?: StoredEventListener;
  /** Where this instance records the signatures its classifier's miner learns (fleet consolidation). */
  signatureLedger?: { store: SignatureLedgerStore; instanceId: string };
  /** Folds each event into its run (pipeline_runs) and scores runs as they end. */
  runs?: RunTracker;
}

export type IngestOutcome =
  | { kind: 'stored'; event: ClassifiedEvent; classification: Classification | null; duplicate: boolean }
  | { kind: 'rejected'; rejection: RejectedInput; duplicate: boolean };

function maskEvent(event: PipelineEvent): PipelineEvent {
  return maskPiiDeep(event);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[truncated ${text.length - max} chars]`;
}

/**
 * One Pub/Sub delivery → at most one stored event. Permanent input problems are recorded and
 * acknowledged (returned); store failures that may pass are thrown so Pub/Sub redelivers.
 */
export class IngestService {
  private readonly limits: IngestLimits;
  private readonly journal: SignatureJournal | undefined;

  constructor(private readonly deps: IngestDependencies) {
    this.limits = deps.limits ?? DEFAULT_INGEST_LIMITS;
    const { classifier, signatureLedger } = deps;
    const drain = classifier.drainLearnedSignatures?.bind(classifier);
    this.journal = signatureLedger && drain ? new SignatureJournal(drain, signatureLedger.store, signatureLedger.instanceId, deps.clock) : undefined;
  }

  async ingest(message: DecodedPubSubMessage): Promise<IngestOutcome> {
    let decodedText: string | undefined;
    try {
      decodedText = decodeBase64Strict(message.base64Data, this.limits.maxEntryBytes);
      const value = parseJsonStrict(decodedText);
      const timestampHint = message.attributes[SINK_TIMESTAMP_ATTRIBUTE];
      const withTimestamp = fillMissingTimestamp(value, timestampHint);
      const normalized = normalizeLogEntry(withTimestamp);
      if (!normalized.ok) throw normalized.error;
      return await this.store(maskEvent(normalized.event), message, decodedText);
    } catch (error) {
      if (error instanceof InputRejectedError) return this.reject(error, message, decodedText);
      throw error;
    }
  }

  /** Rejects a delivery whose envelope could not even be read (not a Pub/Sub CloudEvent). */
  async rejectEnvelope(error: InputRejectedError, rawBody: string, messageId?: string): Promise<IngestOutcome> {
    const message: DecodedPubSubMessage = { attributes: {}, base64Data: '' };
    if (messageId !== undefined) message.messageId = messageId;
    return this.reject(error, message, rawBody);
  }

  private async store(event: PipelineEvent, message: DecodedPubSubMessage, decodedText: string): Promise<IngestOutcome> {
    const { event: classified, classification } = classifyEvent(event, this.deps.classifier);
    let outcome;
    try {
      outcome = await this.deps.store.saveEvent(classified);
    } catch (error) {
      if (error instanceof PermanentStoreError) {
        // The event parsed but the store refuses it for good: keep it in rejected_events rather than lose it.
        return this.reject(new InputRejectedError('store_rejected', error.message), message, decodedText);
      }
      throw error;
    }
    await this.recordLearnedSignatures();
    const duplicate = outcome === 'duplicate';
    this.deps.logger.log(duplicate ? 'DEBUG' : severityFor(classified), duplicate ? 'duplicate delivery ignored' : describe(classified), {
      eventId: classified.eventId,
      source: classified.source,
      pipelineId: classified.pipelineId,
      runId: classified.runId,
      status: classified.status,
      category: classified.category,
      confidence: classification?.confidence,
      messageId: message.messageId,
      trace: classified.trace,
    });
    // Also on a duplicate: the fold is idempotent, and the first delivery may have failed after storing the event.
    const health = await this.trackRun(classified, classification);
    // Also on a duplicate: if the first delivery stored the event but failed to hand it on, this
    // redelivery is the only chance to; the listener's side is idempotent per action key.
    if (this.deps.onStored) {
      try {
        await this.deps.onStored(classified, classification, health);
      } catch (error) {
        // A hand-off refused for good (not an outage) would make Pub/Sub redeliver forever; the event
        // itself is stored, so say so loudly and acknowledge. Outages still throw and are retried.
        if (!(error instanceof PermanentStoreError)) throw error;
        this.deps.logger.log('ERROR', 'remediation hand-off refused; the event is stored but no remediation was requested', {
          eventId: classified.eventId,
          pipelineId: classified.pipelineId,
          detail: error.message,
        });
      }
    }
    return { kind: 'stored', event: classified, classification, duplicate };
  }

  /** After the event is stored: an outage throws (redelivery retries it); a refusal for good is logged, never blocks ingest. */
  private async recordLearnedSignatures(): Promise<void> {
    try {
      await this.journal?.flush();
    } catch (error) {
      if (!(error instanceof PermanentStoreError)) throw error;
      this.deps.logger.log('ERROR', 'learned signatures refused by the store; stored ids of this instance may not resolve to canonical ones', { detail: error.message });
    }
  }

  private async trackRun(event: ClassifiedEvent, classification: Classification | null): Promise<RunHealth | undefined> {
    if (this.deps.runs === undefined) return undefined;
    try {
      return await this.deps.runs.observe(event, classification);
    } catch (error) {
      // The event itself is stored; a run row refused for good must not make Pub/Sub redeliver forever.
      if (!(error instanceof PermanentStoreError)) throw error;
      this.deps.logger.log('ERROR', 'run telemetry refused; the event is stored but its run was not updated', {
        eventId: event.eventId,
        pipelineId: event.pipelineId,
        runId: event.runId,
        detail: error.message,
      });
      return undefined;
    }
  }

  private async saveRejection(rejection: RejectedInput): Promise<SaveOutcome> {
    try {
      return await this.deps.store.saveRejected(rejection);
    } catch (error) {
      if (!(error instanceof PermanentStoreError)) throw error;
    }
    try {
      return await this.deps.store.saveRejected(withoutPayload(rejection));
    } catch (error) {
      if (!(error instanceof PermanentStoreError)) throw error;
      // Redelivery would meet the same refusal forever; the log line is the record of last resort.
      this.deps.logger.log('ERROR', 'rejected input could not be recorded: the store refuses the rejection row', {
        reason: rejection.reason,
        rejectionId: rejection.rejectionId,
        messageId: rejection.messageId,
        detail: maskPii(error.message),
      });
      return 'inserted';
    }
  }

  private async reject(error: InputRejectedError, message: DecodedPubSubMessage, decodedText?: string): Promise<IngestOutcome> {
    // Before the text is known (oversized, not UTF-8) the record shows the decoded head, so masking can see it: a secret must not survive in base64.
    const raw = decodedText ?? base64HeadForRecord(message.base64Data, this.limits.rejectedPayloadChars * 4) ?? message.base64Data;
    const rejection: RejectedInput = {
      rejectionId:
        message.messageId ?? createHash('sha256').update(`${error.code}\n${raw}`).digest('hex').slice(0, 32),
      reason: error.code,
      message: maskPii(error.message),
      rawPayload: truncate(maskPii(raw), this.limits.rejectedPayloadChars),
      receivedAt: this.deps.clock.now().toISOString(),
    };
    if (message.messageId !== undefined) rejection.messageId = message.messageId;
    const outcome = await this.saveRejection(rejection);
    this.deps.logger.log('WARNING', `input rejected: ${rejection.reason}`, {
      reason: rejection.reason,
      detail: rejection.message,
      messageId: message.messageId,
    });
    return { kind: 'rejected', rejection, duplicate: outcome === 'duplicate' };
  }
}

/** A rejection row the store refuses for good is written once more without the payload; failing that it is logged and acknowledged. */
function withoutPayload(rejection: RejectedInput): RejectedInput {
  return { ...rejection, rawPayload: '', message: rejection.message.slice(0, 512) };
}

function fillMissingTimestamp(value: unknown, timestamp: string | undefined): unknown {
  if (timestamp === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entry = value as Record<string, unknown>;
  return entry.timestamp === undefined ? { ...entry, timestamp } : value;
}

function severityFor(event: ClassifiedEvent): 'ERROR' | 'INFO' {
  return event.status === 'failed' ? 'ERROR' : 'INFO';
}

function describe(event: ClassifiedEvent): string {
  const base = `${event.source} ${event.pipelineId} run ${event.runId} ${event.status}`;
  return event.category ? `${base} (${event.category})` : base;
}
