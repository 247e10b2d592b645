import { PassThrough } from 'node:stream';
import { StdoutLogger, type StdoutLoggerOptions } from '../../../shared/src/adapters/logging/stdout-logger';

function capture(options: Omit<StdoutLoggerOptions, 'stream'> = {}) {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = new StdoutLogger({ ...options, stream });
  const entries = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, entries };
}

describe('StdoutLogger', () => {
  it('writes one structured entry per line with severity, message and fields, dropping undefined fields', () => {
    const { logger, entries } = capture();
    logger.log('WARNING', 'input rejected: not_json', { reason: 'not_json', messageId: undefined, attempt: 2 });
    expect(entries()).toEqual([{ severity: 'WARNING', message: 'input rejected: not_json', reason: 'not_json', attempt: 2 }]);
  });

  it('masks personal data in the message as well as in the fields', () => {
    const { logger, entries } = capture();
    logger.log('ERROR', 'job failed: Requested by jane.doe@example.com with password=hunter22', { detail: 'owner jane.doe@example.com' });
    const [entry] = entries();
    expect(entry).toEqual({
      severity: 'ERROR',
      message: 'job failed: Requested by [REDACTED_EMAIL] with password=[REDACTED]',
      detail: 'owner [REDACTED_EMAIL]',
    });
  });

  it('keeps service-account emails, which identify machines and are needed to fix IAM', () => {
    const { logger, entries } = capture();
    logger.log('ERROR', 'denied for etl@acme-data.iam.gserviceaccount.com');
    expect(entries()[0]?.message).toBe('denied for etl@acme-data.iam.gserviceaccount.com');
  });

  it('drops entries below the minimum severity and links a bare trace id to the project', () => {
    const { logger, entries } = capture({ minSeverity: 'NOTICE', projectId: 'acme-data' });
    logger.log('INFO', 'not written');
    logger.log('NOTICE', 'written', { trace: 'abc123' });
    expect(entries()).toEqual([{ severity: 'NOTICE', message: 'written', 'logging.googleapis.com/trace': 'projects/acme-data/traces/abc123' }]);
  });
});
