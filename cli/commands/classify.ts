import type { ClassificationInput, EventClassifier } from '../../shared/src/core/domain/classification';
import { SOURCES, type Source } from '../../shared/src/core/domain/pipeline-event';
import type { Command } from '../io';
import { readLines, writeLine } from '../read-lines';

type ClassifyLineResult = Record<string, unknown>;

function invalid(code: string, message: string): ClassifyLineResult {
  return { error: { code, message } };
}

function parseInput(line: string): ClassificationInput | ClassifyLineResult {
  if (line.trim() === '') return invalid('empty_line', 'empty line');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return invalid('not_json', `line is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('not_object', 'line must be a JSON object');
  const record = value as Record<string, unknown>;
  if (typeof record.message !== 'string') return invalid('missing_field', '"message" must be a string');
  const input: ClassificationInput = { message: record.message };
  if (record.source !== undefined && record.source !== null) {
    if (typeof record.source !== 'string' || !(SOURCES as readonly string[]).includes(record.source)) {
      return invalid('invalid_field', `"source" must be one of ${SOURCES.join(', ')}`);
    }
    input.source = record.source as Source;
  }
  return input;
}

export function classifyLine(line: string, classifier: EventClassifier): ClassifyLineResult {
  const input = parseInput(line);
  if ('error' in input) return input;
  const result = classifier.classify(input as ClassificationInput);
  return {
    category: result.category,
    confidence: round(result.confidence),
    signature: result.signature ?? null,
    template: result.template ?? null,
    runnerUp: result.runnerUp ? { category: result.runnerUp.category, confidence: round(result.runnerUp.confidence) } : null,
    stage: result.stage,
    ...(result.rule ? { rule: result.rule } : {}),
    topTerms: result.topTerms ?? [],
    evidence: (result.evidence ?? []).map((item) => ({ ...item, similarity: round(item.similarity) })),
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** `{"message","source"?}` JSONL in, one classification (or error) line out per input line, in order. */
export function createClassifyCommand(loadClassifier: () => Promise<EventClassifier>): Command {
  return async (_args, io) => {
    const classifier = await loadClassifier();
    for await (const line of readLines(io.stdin)) await writeLine(io.stdout, JSON.stringify(classifyLine(line, classifier)));
    return 0;
  };
}
