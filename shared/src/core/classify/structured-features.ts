import { SOURCES, type Source } from '../domain/pipeline-event';
import type { SparseVector } from '../text/sparse-vector';

/** Number of dense columns appended after the text vocabulary: a one-hot of the source system. */
export const STRUCTURED_FEATURE_COUNT = SOURCES.length;

/**
 * The same words mean different things per service (a "timeout" in Airflow is usually the task's
 * own limit, in a gRPC client a transport failure), so the source is a feature the forest can split on.
 */
export function withStructuredFeatures(text: SparseVector, vocabularySize: number, source?: Source): SparseVector {
  if (source === undefined) return text;
  const position = SOURCES.indexOf(source);
  const indices = new Int32Array(text.indices.length + 1);
  const values = new Float64Array(text.values.length + 1);
  indices.set(text.indices);
  values.set(text.values);
  indices[text.indices.length] = vocabularySize + position;
  values[text.values.length] = 1;
  return { indices, values };
}
