export const STREAMING_INPUT_CODES = ['non_finite_value', 'non_finite_timestamp', 'out_of_order', 'invalid_state'] as const;
export type StreamingInputCode = (typeof STREAMING_INPUT_CODES)[number];

/**
 * A point (or a stored state) the detector refuses. The detector is left exactly as it was before the
 * call, so the caller records the error and carries on with the next point.
 */
export class StreamingInputError extends Error {
  override readonly name = 'StreamingInputError';
  constructor(
    readonly code: StreamingInputCode,
    message: string,
  ) {
    super(message);
  }
}
