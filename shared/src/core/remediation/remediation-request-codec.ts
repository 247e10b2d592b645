import { isCategory } from '../domain/category';
import type { Classification } from '../domain/classification';
import { InputRejectedError } from '../domain/errors';
import { type PipelineEvent, SOURCES, STATUSES } from '../domain/pipeline-event';
import type { AnomalyHint, RemediationRequest } from './decision';

/** Successes and cancellations travel on the same topic to settle pending actions; they carry no failure category. */
export const NOT_A_FAILURE: Classification = { category: 'unknown', confidence: 1, stage: 'rules', rule: 'not_a_failure' };

export function outcomeRequest(event: PipelineEvent): RemediationRequest {
  return { event, classification: NOT_A_FAILURE };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(record: Record<string, unknown>, path: string, key: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '') throw new InputRejectedError('missing_field', `${path}.${key} must be a non-empty string`);
  return value;
}

function oneOf<T extends string>(record: Record<string, unknown>, path: string, key: string, allowed: readonly T[]): T {
  const value = requireString(record, path, key);
  if (!(allowed as readonly string[]).includes(value)) throw new InputRejectedError('not_log_entry', `${path}.${key} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * Checks a remediation message before anything acts on it: a malformed request must be refused with
 * the field named, never half-read into an action.
 */
export function parseRemediationRequest(value: unknown): RemediationRequest {
  if (!isRecord(value)) throw new InputRejectedError('not_json', 'remediation request must be a JSON object');
  const event = value.event;
  if (!isRecord(event)) throw new InputRejectedError('missing_field', 'request.event must be an object');
  for (const key of ['eventId', 'pipelineId', 'runId', 'occurredAt', 'resourceType']) requireString(event, 'event', key);
  oneOf(event, 'event', 'source', SOURCES);
  oneOf(event, 'event', 'status', STATUSES);
  if (!isRecord(event.identity)) throw new InputRejectedError('missing_field', 'event.identity must be an object');
  if (!isRecord(event.codes)) throw new InputRejectedError('missing_field', 'event.codes must be an object');
  if (!isRecord(event.resourceLabels)) throw new InputRejectedError('missing_field', 'event.resourceLabels must be an object');
  const classification = value.classification;
  if (!isRecord(classification)) throw new InputRejectedError('missing_field', 'request.classification must be an object');
  if (!isCategory(classification.category)) throw new InputRejectedError('missing_field', 'classification.category is not a known category');
  if (typeof classification.confidence !== 'number' || classification.confidence < 0 || classification.confidence > 1) {
    throw new InputRejectedError('missing_field', 'classification.confidence must be a number in [0, 1]');
  }
  if (classification.stage !== 'rules' && classification.stage !== 'model') throw new InputRejectedError('missing_field', 'classification.stage must be rules or model');
  const request: RemediationRequest = { event: event as unknown as PipelineEvent, classification: classification as unknown as Classification };
  if (isRecord(value.scores)) request.scores = value.scores as Record<string, number>;
  if (value.anomaly !== undefined) request.anomaly = parseAnomalyHint(value.anomaly);
  // jobConfiguration / originalJob are not read: what a BigQuery rerun submits comes from jobs.get only.
  if (typeof value.executionArgument === 'string') request.executionArgument = value.executionArgument;
  return request;
}

function parseAnomalyHint(value: unknown): AnomalyHint {
  if (!isRecord(value)) throw new InputRejectedError('missing_field', 'request.anomaly must be an object');
  const { score, kinds, reasons } = value;
  if (typeof score !== 'number' || score < 0 || score > 1) throw new InputRejectedError('missing_field', 'anomaly.score must be a number in [0, 1]');
  if (!Array.isArray(kinds) || !kinds.every((kind) => typeof kind === 'string')) throw new InputRejectedError('missing_field', 'anomaly.kinds must be a list of strings');
  if (!Array.isArray(reasons) || !reasons.every((reason) => typeof reason === 'string')) throw new InputRejectedError('missing_field', 'anomaly.reasons must be a list of strings');
  return { score, kinds: kinds as string[], reasons: reasons as string[] };
}
