import type { Readable } from 'node:stream';

/**
 * Lines of a stream in order, split from whole chunks: several times faster than readline for
 * high-rate JSONL (the run stream does a million lines in seconds). Handles CRLF and a last line
 * without a newline.
 */
export async function* chunkedLines(input: Readable): AsyncGenerator<string> {
  input.setEncoding('utf8');
  let carry = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const text = carry + chunk;
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end >= 0) {
      yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  if (carry.length > 0) yield carry.endsWith('\r') ? carry.slice(0, -1) : carry;
}

/** Collects output lines and writes them in large blocks, waiting when the reader is slower. */
export class BufferedLineWriter {
  private pending: string[] = [];
  private size = 0;

  constructor(
    private readonly output: NodeJS.WritableStream,
    private readonly blockChars = 1 << 16,
  ) {}

  /** Resolves at once unless a block was written and the reader has not caught up. */
  line(text: string): Promise<void> | undefined {
    this.pending.push(text);
    this.size += text.length + 1;
    return this.size >= this.blockChars ? this.flush() : undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.pending.length === 0) return undefined;
    const block = this.pending.join('\n') + '\n';
    this.pending = [];
    this.size = 0;
    if (this.output.write(block)) return undefined;
    return new Promise((resolve) => this.output.once('drain', () => resolve()));
  }
}
