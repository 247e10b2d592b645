/**
 * Header splitting with the log-format skeleton used by the Loghub benchmarks (and logparser):
 * each `<Name>` is a non-greedy capture, `<Content>` is the message, runs of spaces match `\s+`, and the
 * whole is anchored to the stripped line. Text between fields is regular-expression source, so
 * optional parts such as `(\[<PID>\])?` work as written.
 */
export interface LogFormat {
  readonly fields: readonly string[];
  readonly pattern: RegExp;
}

export type HeaderSplit = { ok: true; content: string; header: Record<string, string> } | { ok: false };

export class InvalidLogFormatError extends Error {
  override readonly name = 'InvalidLogFormatError';
  constructor(
    readonly format: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`log format ${JSON.stringify(format)}: ${reason}`, options);
  }
}

const FIELD = /<([^<>]+)>/g;

export function parseLogFormat(format: string): LogFormat {
  const fields: string[] = [];
  let source = '';
  let last = 0;
  for (const match of format.matchAll(FIELD)) {
    const name = match[1]!;
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new InvalidLogFormatError(format, `field name ${JSON.stringify(name)} is not an identifier`);
    if (fields.includes(name)) throw new InvalidLogFormatError(format, `field ${name} appears twice`);
    source += format.slice(last, match.index).replace(/ +/g, '\\s+');
    source += `(?<${name}>.*?)`;
    fields.push(name);
    last = match.index + match[0].length;
  }
  source += format.slice(last).replace(/ +/g, '\\s+');
  if (!fields.includes('Content')) throw new InvalidLogFormatError(format, 'has no <Content> field');
  try {
    return { fields, pattern: new RegExp(`^${source}$`) };
  } catch (error) {
    throw new InvalidLogFormatError(format, 'is not a valid regular expression', { cause: error });
  }
}

export function splitHeader(line: string, format: LogFormat): HeaderSplit {
  const match = format.pattern.exec(line.trim());
  if (match === null || match.groups === undefined) return { ok: false };
  const header: Record<string, string> = {};
  for (const field of format.fields) {
    if (field !== 'Content') header[field] = match.groups[field] ?? '';
  }
  return { ok: true, content: match.groups['Content'] ?? '', header };
}
