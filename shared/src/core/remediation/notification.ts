import type { JsonObject, JsonValue } from '../domain/log-entry';
import type { RemediationAction } from './actions';
import type { NotificationTarget } from './config/registration';

/** escalation: people must act; proposal: notify-only autonomy; approval_request: links inside; guardrail: automation stopped. */
export type NotificationKind = 'escalation' | 'proposal' | 'approval_request' | 'guardrail';

export function notificationAction(target: NotificationTarget, kind: NotificationKind, message: JsonObject): RemediationAction {
  if (target.kind === 'pubsub') return { kind: 'notify.pubsub', topic: target.topic, message, attributes: { flexiroaster_kind: kind } };
  return { kind: 'notify.webhook', webhookSecretName: target.webhookSecretName, payload: { kind, ...message } };
}

/** Plain-data copy for JSON columns and messages; drops undefined the way JSON does. */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

export function toJsonObject(value: object): JsonObject {
  return toJson(value) as JsonObject;
}
