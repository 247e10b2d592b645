import { InputRejectedError } from '../../../shared/src/core/domain/errors';
import { normalizeLogEntry } from '../../../shared/src/core/normalize';
import { loadEntry } from './fixture';

function rejection(value: unknown): InputRejectedError {
  const result = normalizeLogEntry(value);
  if (result.ok) throw new Error(`expected a rejection, got event ${result.event.eventId}`);
  return result.error;
}

describe('normalizeLogEntry input contract', () => {
  it.each([
    ['a JSON array', [], /JSON object, got an array/],
    ['a string', 'Workflow failed.', /JSON object, got a string/],
    ['null', null, /got null/],
    ['a Pub/Sub envelope instead of its LogEntry', loadEntry('invalid/pubsub-envelope-not-log-entry.json'), /logName is missing/],
    ['an entry whose logName is a number', { logName: 42, resource: { type: 'dataflow_step' } }, /logName must be a non-empty string/],
    ['an entry without resource.type', loadEntry('invalid/missing-resource-type.json'), /resource\.type is missing/],
  ])('rejects %s as not_log_entry and names the field', (_label, value, message) => {
    const error = rejection(value);
    expect(error).toBeInstanceOf(InputRejectedError);
    expect(error.code).toBe('not_log_entry');
    expect(error.message).toMatch(message);
  });

  it('reports an unknown resource type as unsupported_source, naming the type, instead of guessing a source', () => {
    const error = rejection(loadEntry('invalid/unsupported-gce-instance.json'));
    expect(error.code).toBe('unsupported_source');
    expect(error.message).toContain('"gce_instance"');
  });

  it('falls back to receiveTimestamp when timestamp is absent', () => {
    const entry = loadEntry('dataflow/job-message-worker-pool-stopped.json');
    delete entry.timestamp;
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.occurredAt).toBe('2026-11-21T07:33:06.112043870Z');
  });

  it('rejects an entry with neither timestamp nor receiveTimestamp as missing_field', () => {
    const entry = loadEntry('dataflow/job-message-worker-pool-stopped.json');
    delete entry.timestamp;
    delete entry.receiveTimestamp;
    const error = rejection(entry);
    expect(error.code).toBe('missing_field');
    expect(error.message).toMatch(/neither timestamp nor receiveTimestamp/);
  });

  it('uses logName + insertId as identity and derives a stable 32-hex eventId from it', () => {
    const entry = loadEntry('dataflow/job-message-worker-pool-stopped.json');
    const first = normalizeLogEntry(entry);
    const again = normalizeLogEntry({ ...entry, severity: 'INFO' });
    if (!first.ok || !again.ok) throw new Error('expected events');
    expect(first.event.identity).toEqual({ logName: entry.logName, insertId: 'e4p8q2z6n1w' });
    expect(first.event.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(again.event.eventId).toBe(first.event.eventId);
  });

  it('gives an entry without insertId a content hash identity, so a redelivered copy with reordered keys dedupes', () => {
    const entry = loadEntry('composer/worker-task-exited-sigkill.json');
    delete entry.insertId;
    const reordered = Object.fromEntries(Object.entries(entry).reverse());
    const first = normalizeLogEntry(entry);
    const redelivered = normalizeLogEntry(reordered);
    if (!first.ok || !redelivered.ok) throw new Error('expected events');
    expect(first.event.identity.insertId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(redelivered.event.eventId).toBe(first.event.eventId);
  });

  it('keeps PII in the event: masking is a separate stage', () => {
    const entry = loadEntry('composer/worker-task-timeout-traceback.json');
    entry.textPayload = `${String(entry.textPayload)}\nnotify jane.doe@example.com`;
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.errorMessage).toContain('jane.doe@example.com');
  });
});
