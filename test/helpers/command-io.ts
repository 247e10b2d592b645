import { PassThrough, Readable } from 'node:stream';
import type { CommandIo } from '../../cli/io';

/** In-memory stdin/stdout/stderr for driving a CLI command in-process. */
export function commandIo(input = ''): CommandIo & { output(): string; errors(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return {
    stdin: Readable.from([input]),
    stdout,
    stderr,
    output: () => Buffer.concat(out).toString('utf8'),
    errors: () => Buffer.concat(err).toString('utf8'),
  };
}
