import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseCsvRow, StreamingDetector, StreamingInputError, type StreamingScore } from '../../shared/src/core/anomaly/streaming';
import type { Command } from '../io';
import { readLineBatches } from '../chunk-lines';

const USAGE = 'usage: flexiroaster anomalies [--state FILE] < series.csv   (CSV "timestamp,value" with a header line)';

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { statePath: string | undefined } {
  let statePath: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--state') {
      statePath = args[i + 1];
      if (statePath === undefined) throw new UsageError('--state needs a value');
      i += 1;
    } else if (arg.startsWith('--state=')) statePath = arg.slice('--state='.length);
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  return { statePath };
}

async function loadDetector(statePath: string | undefined): Promise<StreamingDetector> {
  if (statePath === undefined) return new StreamingDetector();
  let text: string;
  try {
    text = await readFile(statePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new StreamingDetector();
    throw error;
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    throw new StreamingInputError('invalid_state', `${statePath} is not JSON`);
  }
  return StreamingDetector.fromState(state);
}

/** Write-then-rename, so an interrupted run never leaves a half-written state behind. */
async function saveDetector(path: string, detector: StreamingDetector): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(detector.toState())}\n`, 'utf8');
  await rename(temporary, path);
}

function errorLine(code: string, message: string, line: number): string {
  return `{"error":{"code":${JSON.stringify(code)},"message":${JSON.stringify(message)},"line":${line}}}\n`;
}

/** Six decimals are finer than any threshold needs and print several times faster than a full double. */
function formatScore(score: number): string {
  return score === 0 ? '0' : score === 1 ? '1' : score.toFixed(6);
}

// Built by hand rather than JSON.stringify of an object: this runs once per row on multi-million-row inputs.
function resultLine(timestamp: string, value: number, result: StreamingScore): string {
  const reasons = result.reasons.length === 0 ? '[]' : JSON.stringify(result.reasons);
  const warning = result.warning === undefined ? '' : `,"warning":${JSON.stringify(result.warning)}`;
  return `{"timestamp":${JSON.stringify(timestamp)},"value":${value},"score":${formatScore(result.score)},"isAnomaly":${result.isAnomaly},"reasons":${reasons}${warning}}\n`;
}

function scoreLine(detector: StreamingDetector, line: string, lineNumber: number): string {
  const row = parseCsvRow(line);
  if (!row.ok) return errorLine(row.error.code, row.error.message, lineNumber);
  try {
    return resultLine(row.timestamp, row.value, detector.update({ timestampMs: row.timestampMs, value: row.value }));
  } catch (error) {
    if (error instanceof StreamingInputError) return errorLine(error.code, error.message, lineNumber);
    throw error;
  }
}

/**
 * CSV `timestamp,value` (header first) on stdin, one JSON line per data row out, in order. Each row is
 * scored by the streaming detector from the rows before it and itself; a bad row gets an error line
 * naming its line number and the stream goes on. With --state the detector resumes from FILE and is
 * saved back, so a series can be fed in pieces.
 */
export const anomaliesCommand: Command = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const { statePath } = parseArgs(args);
    const detector = await loadDetector(statePath);
    let lineNumber = 0;
    for await (const lines of readLineBatches(io.stdin)) {
      let out = '';
      for (const line of lines) {
        lineNumber += 1;
        if (lineNumber === 1) {
          if (line.replace(/\s/g, '').toLowerCase() !== 'timestamp,value') {
            io.stderr.write(`anomalies: line 1 ${JSON.stringify(line.slice(0, 80))} is taken as the header; expected "timestamp,value"\n`);
          }
          continue;
        }
        if (line.trim() === '') continue;
        out += scoreLine(detector, line, lineNumber);
      }
      if (out !== '' && !io.stdout.write(out)) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
    }
    if (statePath !== undefined) await saveDetector(statePath, detector);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`anomalies: ${message}\n`);
    if (error instanceof UsageError || error instanceof StreamingInputError) {
      io.stderr.write(`${USAGE}\n`);
      return 2;
    }
    return 1;
  }
};
