import type { InputRejectedError } from '../domain/errors';
import type { PipelineEvent } from '../domain/pipeline-event';

export type NormalizeResult = { ok: true; event: PipelineEvent } | { ok: false; error: InputRejectedError };
