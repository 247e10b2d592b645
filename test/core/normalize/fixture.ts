import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineEvent } from '../../../shared/src/core/domain/pipeline-event';
import { normalizeLogEntry } from '../../../shared/src/core/normalize';

const FIXTURES = join(__dirname, '../../fixtures/log-entries');

export function loadEntry(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Record<string, unknown>;
}

/** Normalizes a fixture and fails the test with the rejection if it did not become an event. */
export function normalizeFixture(path: string): PipelineEvent {
  const result = normalizeLogEntry(loadEntry(path));
  if (!result.ok) throw new Error(`${path} was rejected: ${result.error.code}: ${result.error.message}`);
  return result.event;
}
