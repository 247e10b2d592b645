/** Why an input was refused. Codes are stored in rejected_events.reason and are part of the contract. */
export const REJECTION_CODES = [
  'not_base64',
  'not_json',
  'not_log_entry',
  'unsupported_source',
  'oversized',
  'not_pubsub_event',
  'missing_field',
  /** JSON nested deeper than any log producer writes; walking it would overflow the stack. */
  'too_deep',
  /** The bytes are not well-formed UTF-8 (truncated or overlong sequences, surrogates, stray bytes). */
  'not_utf8',
  /** The store refused a valid-looking event permanently (e.g. schema); kept here so it is not lost. */
  'store_rejected',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** A permanent problem with one input: record it, acknowledge it, never retry it. */
export class InputRejectedError extends Error {
  override readonly name = 'InputRejectedError';
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

/** A store or downstream call failed for a reason that may pass: the caller should let Pub/Sub retry. */
export class TransientStoreError extends Error {
  override readonly name = 'TransientStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store refused some rows permanently (e.g. schema violation); retrying would not help. */
export class PermanentStoreError extends Error {
  override readonly name = 'PermanentStoreError';
  constructor(
    message: string,
    readonly rowErrors: ReadonlyArray<{ rowId: string; reason: string; message: string }> = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A configuration value is missing or malformed; fails at start with the name of the value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
  }
}
