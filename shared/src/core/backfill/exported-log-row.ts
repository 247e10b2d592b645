import { InputRejectedError } from '../domain/errors';
import type { JsonObject, JsonValue, LogEntry } from '../domain/log-entry';

/**
 * A row of a Cloud Logging sink's BigQuery table (https://cloud.google.com/logging/docs/export/bigquery)
 * back to the LogEntry the Pub/Sub sink would have delivered. The export renames the payloads
 * (protoPayload of an audit log → protopayload_auditlog, with BigQueryAuditMetadata as metadataJson
 * text and v1 as servicedata_v1_bigquery), keeps camelCase field names and stores the timestamps as
 * TIMESTAMP (the client hands them over as { value } objects or strings).
 */
export type ExportedLogRow = Record<string, unknown>;

const AUDIT_LOG_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';
const BIGQUERY_AUDIT_V1_TYPE = 'type.googleapis.com/google.cloud.bigquery.logging.v1.AuditData';
const BIGQUERY_AUDIT_METADATA_TYPE = 'type.googleapis.com/google.cloud.audit.BigQueryAuditMetadata';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** TIMESTAMP cell → RFC 3339 text; BigQueryTimestamp objects carry it in `value`. */
export function timestampText(value: unknown): string | undefined {
  const raw = isObject(value) && 'value' in value ? value.value : value;
  if (typeof raw === 'string' && raw.length > 0) return raw;
  return undefined;
}

/** Drops the NULL columns of a nullable RECORD and turns cells into JSON; the export writes absent fields as NULL. */
function toJson(value: unknown): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((item) => toJson(item)).filter((item): item is JsonValue => item !== undefined);
  if (isObject(value)) {
    if ('value' in value && Object.keys(value).length === 1) return toJson(value.value);
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = toJson(item);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return String(value);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) out[key] = String(item);
  return Object.keys(out).length > 0 ? out : undefined;
}

function auditPayload(row: ExportedLogRow): JsonObject | undefined {
  const audit = toJson(row.protopayload_auditlog);
  if (!isObject(audit)) return undefined;
  const payload: JsonObject = { '@type': AUDIT_LOG_TYPE, ...(audit as JsonObject) };
  const metadataJson = payload.metadataJson;
  delete payload.metadataJson;
  if (typeof metadataJson === 'string' && metadataJson.length > 0) {
    try {
      const metadata = JSON.parse(metadataJson) as JsonValue;
      if (isObject(metadata)) payload.metadata = { '@type': BIGQUERY_AUDIT_METADATA_TYPE, ...(metadata as JsonObject) };
    } catch {
      throw new InputRejectedError('not_json', 'protopayload_auditlog.metadataJson is not JSON');
    }
  }
  const serviceData = toJson(row.servicedata_v1_bigquery ?? payload.servicedata_v1_bigquery);
  delete payload.servicedata_v1_bigquery;
  if (isObject(serviceData)) payload.serviceData = { '@type': BIGQUERY_AUDIT_V1_TYPE, ...(serviceData as JsonObject) };
  return payload;
}

export function logEntryFromExportedRow(row: ExportedLogRow): LogEntry {
  const logName = row.logName;
  const resource = isObject(row.resource) ? row.resource : undefined;
  if (typeof logName !== 'string' || resource === undefined || typeof resource.type !== 'string') {
    throw new InputRejectedError('not_log_entry', 'exported row has no logName or resource.type');
  }
  const entry: LogEntry = { logName, resource: { type: resource.type } };
  const resourceLabels = stringMap(resource.labels);
  if (resourceLabels !== undefined) entry.resource.labels = resourceLabels;
  for (const key of ['insertId', 'severity', 'textPayload', 'trace', 'spanId'] as const) {
    const value = row[key];
    if (typeof value === 'string' && value.length > 0) entry[key] = value;
  }
  const timestamp = timestampText(row.timestamp);
  if (timestamp !== undefined) entry.timestamp = timestamp;
  const receiveTimestamp = timestampText(row.receiveTimestamp);
  if (receiveTimestamp !== undefined) entry.receiveTimestamp = receiveTimestamp;
  const labels = stringMap(row.labels);
  if (labels !== undefined) entry.labels = labels;
  const jsonPayload = toJson(row.jsonPayload);
  if (isObject(jsonPayload)) entry.jsonPayload = jsonPayload as JsonObject;
  const protoPayload = auditPayload(row);
  if (protoPayload !== undefined) entry.protoPayload = protoPayload;
  const operation = toJson(row.operation);
  if (isObject(operation)) entry.operation = operation as LogEntry['operation'] & object;
  return entry;
}
