import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNormalizeCommand } from '../../cli/commands/normalize';
import { RulesOnlyClassifier } from '../../shared/src/core/classify/rules-classifier';
import { commandIo } from '../helpers/command-io';

const fixture = (path: string) => JSON.stringify(JSON.parse(readFileSync(join(__dirname, '../fixtures/log-entries', path), 'utf8')));

describe('flexiroaster normalize', () => {
  it('writes one result line per input line, in order, and never fails on bad lines', async () => {
    const input = [
      fixture('composer/worker-task-exited-sigkill.json'),
      'this is not json',
      fixture('invalid/unsupported-gce-instance.json'),
      fixture('dataflow/job-message-success-step.json'),
      '',
      '{"logName": 42}',
    ].join('\n');
    const io = commandIo(input);
    const code = await createNormalizeCommand(async () => new RulesOnlyClassifier())([], io);
    expect(code).toBe(0);
    const lines = io.output().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ ok: true, event: { source: 'composer', status: 'failed', category: 'memory_leak' } });
    expect(lines[1]).toMatchObject({ ok: false, error: { code: 'not_json' } });
    expect(lines[2]).toMatchObject({ ok: false, error: { code: 'unsupported_source' } });
    expect(lines[3]).toMatchObject({ ok: true, event: { source: 'dataflow', status: 'succeeded', category: null } });
    expect(lines[4]).toMatchObject({ ok: false, error: { code: 'not_json' } });
    expect(lines[5]).toMatchObject({ ok: false, error: { code: 'not_log_entry' } });
  });
});
