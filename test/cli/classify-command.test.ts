import { join } from 'node:path';
import { createClassifyCommand } from '../../cli/commands/classify';
import { loadArtifactClassifier } from '../../shared/src/adapters/model/artifact-file';
import { commandIo } from '../helpers/command-io';

describe('flexiroaster classify', () => {
  it('answers each JSONL line in order with category, confidence, signature, runner-up and evidence; bad lines get an error', async () => {
    const input = [
      JSON.stringify({ message: 'Exceeded rate limits: too many table update operations for this table.', source: 'bigquery' }),
      'not json',
      JSON.stringify({ message: 'java.lang.OutOfMemoryError: Java heap space' }),
      JSON.stringify({ message: 'x', source: 'spark' }),
      JSON.stringify({ text: 'no message field' }),
      JSON.stringify({ message: 'Worker pool stopped.', source: 'dataflow' }),
    ].join('\n');
    const io = commandIo(input);
    const command = createClassifyCommand(() => loadArtifactClassifier(join(__dirname, '../../models/classifier.json')));
    expect(await command([], io)).toBe(0);
    const lines = io.output().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ category: 'rate_limiting', signature: expect.stringMatching(/^sig_/), runnerUp: { category: expect.any(String) } });
    expect(lines[0]?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ category: 'rate_limiting', resolution: expect.any(String) })]));
    expect(lines[1]).toMatchObject({ error: { code: 'not_json' } });
    expect(lines[2]).toMatchObject({ category: 'memory_leak' });
    expect(lines[3]).toMatchObject({ error: { code: 'invalid_field' } });
    expect(lines[4]).toMatchObject({ error: { code: 'missing_field' } });
    expect(lines[5]).toMatchObject({ category: 'unknown' });
    for (const line of [lines[0], lines[2], lines[5]]) {
      expect(typeof line?.confidence).toBe('number');
      expect(line?.confidence as number).toBeGreaterThanOrEqual(0);
      expect(line?.confidence as number).toBeLessThanOrEqual(1);
    }
  });
});
