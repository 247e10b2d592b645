export { DEFAULT_STREAMING_CONFIG, resolveStreamingConfig, type StreamingDetectorConfig } from './config';
export { STREAMING_INPUT_CODES, StreamingInputError, type StreamingInputCode } from './errors';
export type { StreamingDetectorState } from './state';
export { parseCsvRow, type CsvRowError, type CsvRowResult } from './csv-row';
export { parseTimestampMs } from './parse-timestamp';
export { StreamingDetector } from './streaming-detector';
export type { StreamingPoint, StreamingScore } from './types';
