import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNearDuplicateMessage } from '../../shared/src/core/knowledge/message-fingerprint';

const DATA = join(__dirname, '../../data');
const messages = (path: string) =>
  readFileSync(join(DATA, path), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { message: string }).message);

describe('training extras (data/training/non-errors.jsonl)', () => {
  it('share no message, exactly or nearly, with the evaluation set, so evaluation stays honest', () => {
    const evaluation = messages('eval/gcp-errors-eval.jsonl');
    const overlaps = messages('training/non-errors.jsonl').flatMap((training) =>
      evaluation.filter((evaluated) => isNearDuplicateMessage(training, evaluated)).map((evaluated) => `${training}  ~  ${evaluated}`),
    );
    expect(overlaps).toEqual([]);
  });
});
