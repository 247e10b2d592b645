import { InputRejectedError } from '../domain/errors';
import type { LogEntry } from '../domain/log-entry';
import { type PipelineEvent, type PipelineStatus, STATUSES, type Source, type StructuredCodes } from '../domain/pipeline-event';
import type { EventTelemetry } from '../domain/run-telemetry';
import { projectFromLogName, severityOf } from './entry-fields';
import { eventIdOf, identityOf } from './identity';
import { asString, stringAt, stringMap } from './json';

/** What a source-specific normalizer reads out of one entry; the shared LogEntry fields are added here. */
export interface SourceFacts {
  pipelineId: string;
  /** Absent when the entry belongs to no run (environment or audit noise): the event then stands alone. */
  runId?: string;
  stageId?: string;
  status: PipelineStatus;
  errorMessage?: string;
  codes: StructuredCodes;
  location?: string;
  telemetry?: EventTelemetry;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

function validTimestamp(value: unknown): string | undefined {
  const text = asString(value);
  if (text === undefined || !RFC3339.test(text) || Number.isNaN(Date.parse(text))) return undefined;
  // Zulu timestamps keep their nanoseconds; offsets are converted so stored times sort as strings.
  return /z$/i.test(text) ? text.replace(/z$/, 'Z') : new Date(text).toISOString();
}

function occurredAtOf(entry: LogEntry): string {
  const occurredAt = validTimestamp(entry.timestamp) ?? validTimestamp(entry.receiveTimestamp);
  if (occurredAt !== undefined) return occurredAt;
  const seen = [entry.timestamp, entry.receiveTimestamp].filter((value) => value !== undefined);
  throw new InputRejectedError(
    'missing_field',
    seen.length === 0
      ? 'LogEntry has neither timestamp nor receiveTimestamp'
      : `LogEntry timestamp/receiveTimestamp is not an RFC 3339 time: ${JSON.stringify(seen[0])}`,
  );
}

export function buildEvent(entry: LogEntry, source: Source, facts: SourceFacts): PipelineEvent {
  const identity = identityOf(entry);
  const resourceLabels = stringMap(entry.resource.labels);
  const event: PipelineEvent = {
    eventId: eventIdOf(identity),
    identity,
    source,
    pipelineId: facts.pipelineId,
    runId: facts.runId ?? stringAt(entry, 'operation', 'id') ?? identity.insertId,
    // Whatever a source table answered, only a status from the taxonomy is stored.
    status: (STATUSES as readonly unknown[]).includes(facts.status) ? facts.status : 'info',
    codes: facts.codes,
    occurredAt: occurredAtOf(entry),
    resourceType: entry.resource.type,
    resourceLabels,
    severity: severityOf(entry),
  };
  if (facts.stageId !== undefined) event.stageId = facts.stageId;
  if (facts.errorMessage !== undefined) event.errorMessage = facts.errorMessage;
  const projectId = asString(resourceLabels.project_id) ?? projectFromLogName(entry.logName);
  if (projectId !== undefined) event.projectId = projectId;
  const location = facts.location ?? asString(resourceLabels.location) ?? asString(resourceLabels.region);
  if (location !== undefined) event.location = location;
  const trace = asString(entry.trace);
  if (trace !== undefined) event.trace = trace;
  if (facts.telemetry !== undefined && Object.keys(facts.telemetry).length > 0) event.telemetry = facts.telemetry;
  return event;
}
