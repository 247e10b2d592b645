import type { StoreKind } from '../shared/src/core/config/app-config';

export class StoreOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOptionError';
  }
}

const KINDS: readonly StoreKind[] = ['duckdb', 'bigquery'];

/**
 * `--store duckdb|bigquery` (or `--store=…`) taken out of a command's arguments; it overrides
 * FLEXIROASTER_STORE, which is otherwise the choice (default duckdb).
 */
export function takeStoreOption(args: readonly string[], environment: NodeJS.ProcessEnv): { store: StoreKind; args: string[] } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--store') {
      chosen = args[i + 1];
      if (chosen === undefined) throw new StoreOptionError('--store needs a value: duckdb or bigquery');
      i += 1;
    } else if (arg.startsWith('--store=')) chosen = arg.slice('--store='.length);
    else rest.push(arg);
  }
  const store = chosen ?? environment.FLEXIROASTER_STORE ?? 'duckdb';
  if (!KINDS.includes(store as StoreKind)) {
    throw new StoreOptionError(`${chosen === undefined ? 'FLEXIROASTER_STORE' : '--store'} must be duckdb or bigquery, got "${store}"`);
  }
  return { store: store as StoreKind, args: rest };
}
