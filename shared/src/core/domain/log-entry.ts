/**
 * The subset of Cloud Logging's LogEntry (https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry)
 * that a log sink writes to Pub/Sub and that FlexiRoaster reads. Fields stay optional because
 * sinks forward whatever the producing service wrote; normalizers check what they need.
 */
export interface MonitoredResource {
  type: string;
  labels?: Record<string, string>;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type LogSeverity =
  | 'DEFAULT' | 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL' | 'ALERT' | 'EMERGENCY';

export interface LogEntry {
  logName: string;
  resource: MonitoredResource;
  insertId?: string;
  timestamp?: string;
  receiveTimestamp?: string;
  severity?: LogSeverity | string;
  labels?: Record<string, string>;
  textPayload?: string;
  jsonPayload?: JsonObject;
  protoPayload?: JsonObject;
  trace?: string;
  spanId?: string;
  operation?: { id?: string; producer?: string; first?: boolean; last?: boolean };
}
