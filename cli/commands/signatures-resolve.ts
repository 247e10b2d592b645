import { readFile } from 'node:fs/promises';
import { ledgerOfMiner, SignatureConsolidation, SignatureMiner, SignatureStateError } from '../../shared/src/core/signature';
import type { Command, CommandIo } from '../io';
import { readLines } from '../read-lines';

const USAGE = 'usage: flexiroaster signatures resolve --state FILE [--state FILE]... < ids';

class UsageError extends Error {}

function statePaths(args: readonly string[]): string[] {
  const paths: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg.startsWith('--state=')) paths.push(arg.slice('--state='.length));
    else if (arg === '--state') {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError('--state needs a value');
      paths.push(next);
      i += 1;
    } else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (paths.length === 0) throw new UsageError('at least one --state FILE is needed');
  return paths;
}

async function loadStates(paths: readonly string[]): Promise<SignatureMiner[]> {
  const miners: SignatureMiner[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --state ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    miners.push(SignatureMiner.fromJSON(text));
  }
  // Masks and thresholds decide templates: instances mined with other options cannot be merged as one.
  const reference = JSON.stringify(miners[0]?.options);
  const differing = miners.findIndex((miner) => JSON.stringify(miner.options) !== reference);
  if (differing > 0) throw new UsageError(`${paths[differing]} was mined with other options (masks or thresholds) than ${paths[0]}`);
  return miners;
}

/**
 * Ids on stdin, one per line → one JSON line each, in order: `{"signatureId","canonicalId","template"}`,
 * or `{"signatureId","canonicalId":null,"error":{...}}` for an id none of the states handed out.
 * The states are merged exactly as the fleet consolidation merges instances (SignatureConsolidation).
 */
export const signaturesResolveCommand: Command = async (args, io: CommandIo) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const miners = await loadStates(statePaths(args));
    const consolidation = SignatureConsolidation.of(miners.map(ledgerOfMiner), miners[0]?.options);
    for await (const line of readLines(io.stdin)) {
      const signatureId = line.trim();
      if (signatureId === '') continue;
      const canonical = consolidation.canonicalOf(signatureId);
      const out =
        canonical === undefined
          ? { signatureId, canonicalId: null, error: { code: 'unknown_signature', message: `no given state handed out ${signatureId}` } }
          : canonical;
      if (!io.stdout.write(`${JSON.stringify(out)}\n`)) await new Promise((resolve) => io.stdout.once('drain', resolve));
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`signatures resolve: ${message}\n`);
    if (error instanceof UsageError || error instanceof SignatureStateError) {
      io.stderr.write(`${USAGE}\n`);
      return 2;
    }
    return 1;
  }
};
