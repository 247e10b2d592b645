import type { EventClassifier } from '../../shared/src/core/domain/classification';
import { InputRejectedError } from '../../shared/src/core/domain/errors';
import { classifyEvent } from '../../shared/src/core/ingest/classify-event';
import { parseJsonStrict } from '../../shared/src/core/ingest/decode-payload';
import { normalizeLogEntry } from '../../shared/src/core/normalize';
import { maskPiiDeep } from '../../shared/src/core/privacy/mask-pii';
import type { Command } from '../io';
import { readLines, writeLine } from '../read-lines';

export type NormalizeLineResult =
  | { ok: true; event: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string } };

export function normalizeLine(line: string, classifier: EventClassifier): NormalizeLineResult {
  try {
    if (line.trim() === '') throw new InputRejectedError('not_json', 'empty line');
    const normalized = normalizeLogEntry(parseJsonStrict(line));
    if (!normalized.ok) throw normalized.error;
    const { event } = classifyEvent(maskPiiDeep(normalized.event), classifier);
    return { ok: true, event: { ...event } };
  } catch (error) {
    if (error instanceof InputRejectedError) return { ok: false, error: { code: error.code, message: error.message } };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal_error', message } };
  }
}

/** JSONL LogEntries in, one result line per input line out, in order; bad lines never fail the run. */
export function createNormalizeCommand(loadClassifier: () => Promise<EventClassifier>): Command {
  return async (_args, io) => {
    const classifier = await loadClassifier();
    for await (const line of readLines(io.stdin)) {
      await writeLine(io.stdout, JSON.stringify(normalizeLine(line, classifier)));
    }
    return 0;
  };
}
