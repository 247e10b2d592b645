import { readFile } from 'node:fs/promises';
import { FAILURE_CATEGORIES, type FailureCategory } from '../../shared/src/core/domain/category';
import type { KnowledgeBaseStore, KnowledgeQuery } from '../../shared/src/core/knowledge/knowledge-base-store';
import { KNOWLEDGE_TYPES, isKnowledgeType } from '../../shared/src/core/knowledge/knowledge-entry';
import { uploadKnowledgeCsv } from '../../shared/src/core/knowledge/upload-knowledge-csv';
import { formatConfidence, serializeKnowledgeCsv, type KnowledgeCsvError } from '../../shared/src/core/knowledge/validate-knowledge-csv';
import { formatTable } from '../format-table';
import type { Command, CommandIo } from '../io';

export interface KbRuntime {
  store: KnowledgeBaseStore;
  close(): Promise<void>;
}

export const KB_USAGE = `usage: flexiroaster kb <subcommand>

  kb upload FILE                 validate a knowledge-base CSV (FILE or - for stdin) and upsert it:
                                 every invalid row is reported and nothing is applied
  kb list [--category C] [--type T] [--json | --csv]
                                 stored entries by id; --csv writes an uploadable file
`;

/**
 * `flexiroaster kb upload FILE` and `flexiroaster kb list`. The store is opened only when needed,
 * so an invalid file or a usage error never touches it. Exit codes: 0 done, 1 refused (invalid
 * file, store failure), 2 usage or unreadable input.
 */
export function createKbCommand(openStore: () => Promise<KbRuntime>): Command {
  return async (args, io) => {
    const [subcommand, ...rest] = args;
    let runtime: KbRuntime | undefined;
    const store = lazyStore(async () => (runtime ??= await openStore()).store);
    try {
      if (subcommand === 'upload') return await upload(rest, io, store);
      if (subcommand === 'list') return await list(rest, io, store);
      if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
        io.stdout.write(KB_USAGE);
        return subcommand === undefined ? 2 : 0;
      }
      io.stderr.write(`unknown kb subcommand "${subcommand}"\n${KB_USAGE}`);
      return 2;
    } finally {
      if (runtime) await runtime.close();
    }
  };
}

async function upload(args: string[], io: CommandIo, store: KnowledgeBaseStore): Promise<number> {
  const files = args.filter((arg) => arg === '-' || !arg.startsWith('-'));
  const unknown = args.filter((arg) => arg !== '-' && arg.startsWith('-'));
  if (files.length !== 1 || unknown.length > 0) {
    io.stderr.write(`${unknown.length > 0 ? `unknown option ${unknown[0]}\n` : ''}usage: flexiroaster kb upload FILE   (FILE: knowledge-base CSV, or - for stdin)\n`);
    return 2;
  }
  const file = files[0] as string;
  let text: string;
  try {
    text = file === '-' ? await readAll(io) : await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`cannot read ${file}: ${messageOf(error)}\n`);
    return 2;
  }
  const name = file === '-' ? 'stdin' : file;
  let result: Awaited<ReturnType<typeof uploadKnowledgeCsv>>;
  try {
    result = await uploadKnowledgeCsv(text, store);
  } catch (error) {
    io.stderr.write(`knowledge base upload of ${name} failed: ${messageOf(error)}\n`);
    return 1;
  }
  if (!result.ok) {
    for (const error of result.errors) io.stderr.write(`${describeCsvError(error)}\n`);
    const rows = new Set(result.errors.filter((error) => error.row > 0).map((error) => error.row)).size;
    io.stderr.write(
      `${name}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}${rows > 0 ? ` in ${rows} row${rows === 1 ? '' : 's'}` : ''}; nothing was applied\n`,
    );
    return 1;
  }
  io.stdout.write(`applied ${result.applied} entries from ${name} (${result.inserted} new, ${result.updated} updated)\n`);
  return 0;
}

/** "row 3 (line 4) confidence: ..." — rows count data records (header excluded), lines are physical lines. */
export function describeCsvError(error: KnowledgeCsvError): string {
  const where = error.row > 0 ? `row ${error.row} (line ${error.line})` : `line ${error.line}`;
  return `${where} ${error.field}: ${error.message}`;
}

async function list(args: string[], io: CommandIo, store: KnowledgeBaseStore): Promise<number> {
  const query: KnowledgeQuery = {};
  let format: 'table' | 'json' | 'csv' = 'table';
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--category') {
      const category = value();
      if (!isFailureCategory(category)) return usageError(io, `--category must be one of ${FAILURE_CATEGORIES.join(', ')}, got ${JSON.stringify(category ?? '')}`);
      query.category = category;
    } else if (flag === '--type') {
      const type = value();
      if (!isKnowledgeType(type)) return usageError(io, `--type must be one of ${KNOWLEDGE_TYPES.join(', ')}, got ${JSON.stringify(type ?? '')}`);
      query.knowledgeType = type;
    } else if (flag === '--json' || flag === '--csv') {
      if (format !== 'table') return usageError(io, 'choose one of --json and --csv');
      format = flag === '--json' ? 'json' : 'csv';
    } else {
      return usageError(io, `unknown argument ${arg}`);
    }
  }
  let entries: Awaited<ReturnType<KnowledgeBaseStore['listEntries']>>;
  try {
    entries = await store.listEntries(query);
  } catch (error) {
    io.stderr.write(`cannot read the knowledge base: ${messageOf(error)}\n`);
    return 1;
  }
  if (format === 'json') io.stdout.write(`${JSON.stringify(entries)}\n`);
  else if (format === 'csv') io.stdout.write(serializeKnowledgeCsv(entries));
  else {
    const table = formatTable(
      ['id', 'type', 'category', 'source', 'strategy', 'confidence', 'ok', 'failed', 'title'],
      entries.map((entry) => [
        entry.id,
        entry.knowledgeType,
        entry.category,
        entry.sourceSystem,
        entry.recommendedStrategy,
        formatConfidence(entry.confidence),
        entry.successCount,
        entry.failureCount,
        entry.title,
      ]),
    );
    io.stdout.write(`${table}\n${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}\n`);
  }
  return 0;
}

function usageError(io: CommandIo, message: string): number {
  io.stderr.write(`${message}\nusage: flexiroaster kb list [--category C] [--type T] [--json | --csv]\n`);
  return 2;
}

function isFailureCategory(value: string | undefined): value is FailureCategory {
  return value !== undefined && (FAILURE_CATEGORIES as readonly string[]).includes(value);
}

/** Opens the real store on first use, so paths that never need it never open it. */
function lazyStore(open: () => Promise<KnowledgeBaseStore>): KnowledgeBaseStore {
  return {
    listEntries: async (query) => (await open()).listEntries(query),
    upsertEntries: async (entries) => (await open()).upsertEntries(entries),
    commitLearning: async (change) => (await open()).commitLearning(change),
  };
}

async function readAll(io: CommandIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Duck-typed: errors from Node's fs come from another realm under jest's VM, where instanceof Error fails. */
function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
