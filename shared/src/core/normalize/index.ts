import { InputRejectedError } from '../domain/errors';
import type { LogEntry } from '../domain/log-entry';
import type { Source } from '../domain/pipeline-event';
import { BIGQUERY_RESOURCE_TYPES, bigQueryFacts } from './bigquery';
import { buildEvent, type SourceFacts } from './build-event';
import { COMPOSER_RESOURCE_TYPES, composerFacts } from './composer';
import { DATAFLOW_RESOURCE_TYPES, dataflowFacts } from './dataflow';
import { readLogEntry } from './log-entry-shape';
import type { NormalizeResult } from './result';
import { WORKFLOWS_RESOURCE_TYPES, workflowsFacts } from './workflows';

export type { NormalizeResult } from './result';

interface SourceNormalizer {
  source: Source;
  resourceTypes: readonly string[];
  facts: (entry: LogEntry) => SourceFacts;
}

const NORMALIZERS: readonly SourceNormalizer[] = [
  { source: 'bigquery', resourceTypes: BIGQUERY_RESOURCE_TYPES, facts: bigQueryFacts },
  { source: 'dataflow', resourceTypes: DATAFLOW_RESOURCE_TYPES, facts: dataflowFacts },
  { source: 'composer', resourceTypes: COMPOSER_RESOURCE_TYPES, facts: composerFacts },
  { source: 'workflows', resourceTypes: WORKFLOWS_RESOURCE_TYPES, facts: workflowsFacts },
];

export const SUPPORTED_RESOURCE_TYPES: readonly string[] = NORMALIZERS.flatMap((normalizer) => normalizer.resourceTypes);

/**
 * One Cloud Logging LogEntry (as a log sink writes it) to one PipelineEvent. Inputs that can never
 * become an event come back as a rejection with a stable code; resource types we do not know are
 * reported as unsupported rather than guessed at. PII is left in place: masking is a later stage.
 */
export function normalizeLogEntry(value: unknown): NormalizeResult {
  try {
    const entry = readLogEntry(value);
    const normalizer = NORMALIZERS.find((candidate) => candidate.resourceTypes.includes(entry.resource.type));
    if (normalizer === undefined) {
      throw new InputRejectedError(
        'unsupported_source',
        `resource type "${entry.resource.type}" is not supported (supported: ${SUPPORTED_RESOURCE_TYPES.join(', ')})`,
      );
    }
    return { ok: true, event: buildEvent(entry, normalizer.source, normalizer.facts(entry)) };
  } catch (error) {
    if (error instanceof InputRejectedError) return { ok: false, error };
    throw error;
  }
}
