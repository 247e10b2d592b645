import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  compileMasks,
  InvalidLogFormatError,
  InvalidMaskError,
  parseLogFormat,
  SignatureMiner,
  SignatureStateError,
  splitHeader,
  userMasks,
  type LogFormat,
  type MaskRule,
} from '../../shared/src/core/signature';
import type { Command, CommandIo } from '../io';
import { readLines } from '../read-lines';

const USAGE = [
  "usage: flexiroaster signatures [--log-format '<Date> <Time> <Level> <Component>: <Content>'] [--mask REGEX]... [--state FILE]",
  '       flexiroaster signatures resolve --state FILE [--state FILE]... < ids',
  '       flexiroaster signatures consolidate',
].join('\n');

interface SignaturesArgs {
  logFormat: string | undefined;
  masks: string[];
  statePath: string | undefined;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): SignaturesArgs {
  const parsed: SignaturesArgs = { logFormat: undefined, masks: [], statePath: undefined };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = splitFlag(args[i]!);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    if (flag === '--log-format') parsed.logFormat = value();
    else if (flag === '--mask') parsed.masks.push(value());
    else if (flag === '--state') parsed.statePath = value();
    else throw new UsageError(`unknown argument ${JSON.stringify(args[i])}`);
  }
  return parsed;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

async function loadMiner(statePath: string | undefined, extraMasks: MaskRule[]): Promise<SignatureMiner> {
  const text = statePath === undefined ? undefined : await readIfExists(statePath);
  if (text === undefined) return new SignatureMiner({ extraMasks });
  const miner = SignatureMiner.fromJSON(text);
  const stored = miner.options.extraMasks.map((rule) => rule.regex);
  // A miner keeps the masks it learned with: other masks would give the same lines other templates.
  if (extraMasks.length > 0 && JSON.stringify(stored) !== JSON.stringify(extraMasks.map((rule) => rule.regex))) {
    throw new UsageError(`--mask differs from the masks stored in ${statePath}: ${JSON.stringify(stored)}`);
  }
  return miner;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write-then-rename, so an interrupted run never leaves a half-written state behind. */
async function saveMiner(path: string, miner: SignatureMiner): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(miner.toJSON())}\n`, 'utf8');
  await rename(temporary, path);
}

async function mineLines(io: CommandIo, miner: SignatureMiner, format: LogFormat | undefined): Promise<void> {
  const output = watchOutput(io.stdout);
  let lineNumber = 0;
  let warned = false;
  for await (const line of readLines(io.stdin)) {
    lineNumber += 1;
    let content = line;
    if (format !== undefined) {
      const split = splitHeader(line, format);
      if (split.ok) content = split.content;
      else if (!warned) {
        warned = true;
        io.stderr.write(`signatures: line ${lineNumber} does not match --log-format; such lines are mined whole (reported once)\n`);
      }
    }
    if (!(await output.write(`${JSON.stringify(signLine(miner, content))}\n`))) break;
  }
  if (output.failure !== undefined) throw output.failure;
}

/**
 * Writes with backpressure and notices when the reader goes away: `signatures < big.log | head` stops
 * reading quietly on EPIPE, like other Unix filters, instead of dying on an unhandled stream error.
 * The error listener stays: buffered writes may still fail after the loop has stopped.
 */
function watchOutput(stdout: NodeJS.WritableStream): { write(text: string): Promise<boolean>; failure: Error | undefined } {
  let open = true;
  const state = {
    failure: undefined as Error | undefined,
    write: async (text: string): Promise<boolean> => {
      if (!open) return false;
      if (stdout.write(text)) return open;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stdout.off('drain', done);
          stdout.off('close', done);
          stdout.off('error', done);
          resolve();
        };
        stdout.on('drain', done);
        stdout.on('close', done);
        stdout.on('error', done);
      });
      return open;
    },
  };
  const onError = (error: NodeJS.ErrnoException): void => {
    open = false;
    if (error.code !== 'EPIPE') state.failure = error;
  };
  stdout.on('error', onError);
  return state;
}

function signLine(miner: SignatureMiner, content: string): Record<string, string | null> {
  try {
    const { signatureId, template } = miner.add(content);
    return { signatureId, template };
  } catch (error) {
    return { signatureId: null, template: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Raw log lines on stdin, one `{"signatureId","template"}` line out per input line, in order, streamed.
 * Ids are the ones current when the line was read; with `--state` the saved aliases resolve earlier ids
 * to the templates they generalised into.
 */
export const signaturesCommand: Command = async (args, io) => {
  if (args[0] === 'resolve') return (await import('./signatures-resolve')).signaturesResolveCommand(args.slice(1), io);
  if (args[0] === 'consolidate') return (await import('../runtime/commands')).signaturesConsolidate()(args.slice(1), io);
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const options = parseArgs(args);
    const format = options.logFormat === undefined ? undefined : parseLogFormat(options.logFormat);
    const extraMasks = userMasks(options.masks);
    compileMasks(extraMasks);
    const miner = await loadMiner(options.statePath, extraMasks);
    await mineLines(io, miner, format);
    if (options.statePath !== undefined) await saveMiner(options.statePath, miner);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      io.stderr.write(`signatures: ${message}\n${USAGE}\n`);
      return 2;
    }
    const isInput = error instanceof SignatureStateError || error instanceof InvalidMaskError || error instanceof InvalidLogFormatError;
    io.stderr.write(`signatures: ${message}\n`);
    if (isInput) io.stderr.write(`${USAGE}\n`);
    return isInput ? 2 : 1;
  }
};
