import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Yields input lines in order without buffering the whole stream; handles CRLF. */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  const reader = createInterface({ input, crlfDelay: Infinity });
  for await (const line of reader) yield line;
}

/** Writes respecting backpressure so piping a large file into `head` or a slow consumer stays bounded. */
export function writeLine(output: NodeJS.WritableStream, line: string): Promise<void> | void {
  if (!output.write(`${line}\n`)) return new Promise((resolve) => output.once('drain', () => resolve()));
}
