/**
 * A conservative classifier of GoogleSQL text: what each statement of a query job does and which table
 * it writes. It only has to be right about what it accepts; anything it does not recognise is UNKNOWN,
 * and a rerun of UNKNOWN is refused. Comments and string literals are blanked first so that neither
 * can hide or fake a statement boundary or keyword.
 */

export type StatementType =
  | 'SELECT'
  | 'INSERT'
  | 'UPDATE'
  | 'DELETE'
  | 'MERGE'
  | 'TRUNCATE_TABLE'
  | 'CREATE_TABLE'
  | 'CREATE_TABLE_AS_SELECT'
  | 'CREATE_VIEW'
  | 'CREATE_MATERIALIZED_VIEW'
  | 'DROP_TABLE'
  | 'DROP_VIEW'
  | 'ALTER_TABLE'
  /** Data control language: never re-run by FlexiRoaster, whatever the registration says. */
  | 'GRANT'
  | 'REVOKE'
  | 'CREATE_ROW_ACCESS_POLICY'
  | 'DROP_ROW_ACCESS_POLICY'
  | 'UNKNOWN';

export const DCL_TYPES: readonly StatementType[] = ['GRANT', 'REVOKE', 'CREATE_ROW_ACCESS_POLICY', 'DROP_ROW_ACCESS_POLICY'];

/** Statement types a registration may allow; DCL and UNKNOWN are not among them. */
export const RERUNNABLE_STATEMENT_TYPES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'TRUNCATE_TABLE',
  'CREATE_TABLE',
  'CREATE_TABLE_AS_SELECT',
  'CREATE_VIEW',
  'CREATE_MATERIALIZED_VIEW',
  'DROP_TABLE',
  'DROP_VIEW',
  'ALTER_TABLE',
] as const satisfies readonly StatementType[];

/** Non-query jobs, named the way registrations list them next to statement types. */
export const JOB_TYPES = ['LOAD', 'COPY', 'EXTRACT'] as const;

export const RERUNNABLE_TYPES = [...RERUNNABLE_STATEMENT_TYPES, ...JOB_TYPES] as const;
export type RerunnableType = (typeof RERUNNABLE_TYPES)[number];

export interface ClassifiedStatement {
  type: StatementType;
  /** The table the statement writes, as written in the SQL (backticks removed); absent for SELECT. */
  target?: string;
  /** The first words, for explanations. */
  head: string;
}

/** Longest query text BigQuery accepts (1 MB of GoogleSQL); longer text is not a real job. */
const MAX_SQL_CHARS = 1_048_576;

export function classifySql(sql: string): ClassifiedStatement[] {
  if (sql.length > MAX_SQL_CHARS) return [{ type: 'UNKNOWN', head: 'query text longer than BigQuery accepts' }];
  const blanked = blankCommentsAndStrings(sql);
  if (blanked === null) return [{ type: 'UNKNOWN', head: 'unterminated string or comment' }];
  return blanked
    .split(';')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map(classifyStatement);
}

const NAME = '((?:`[^`]+`|[A-Za-z_][A-Za-z0-9_-]*)(?:\\s*\\.\\s*(?:`[^`]+`|[A-Za-z_][A-Za-z0-9_]*))*)';
const PATTERNS: ReadonlyArray<[RegExp, StatementType | ((m: RegExpExecArray) => StatementType)]> = [
  [/^(?:SELECT|WITH)\b/i, 'SELECT'],
  [/^\(+\s*(?:SELECT|WITH)\b/i, 'SELECT'],
  [new RegExp(`^INSERT\\s+(?:INTO\\s+)?${NAME}`, 'i'), 'INSERT'],
  [new RegExp(`^UPDATE\\s+${NAME}`, 'i'), 'UPDATE'],
  [new RegExp(`^DELETE\\s+(?:FROM\\s+)?${NAME}`, 'i'), 'DELETE'],
  [new RegExp(`^MERGE\\s+(?:INTO\\s+)?${NAME}`, 'i'), 'MERGE'],
  [new RegExp(`^TRUNCATE\\s+TABLE\\s+${NAME}`, 'i'), 'TRUNCATE_TABLE'],
  [/^GRANT\b/i, 'GRANT'],
  [/^REVOKE\b/i, 'REVOKE'],
  [/^CREATE\s+(?:OR\s+REPLACE\s+)?ROW\s+ACCESS\s+POLICY\b/i, 'CREATE_ROW_ACCESS_POLICY'],
  [/^DROP\s+(?:ALL\s+)?ROW\s+ACCESS\s+POLIC(?:Y|IES)\b/i, 'DROP_ROW_ACCESS_POLICY'],
  [new RegExp(`^CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`, 'i'), (m) => (/\bAS\s*\(?\s*(?:SELECT|WITH)\b/i.test(m.input) ? 'CREATE_TABLE_AS_SELECT' : 'CREATE_TABLE')],
  [new RegExp(`^CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`, 'i'), 'CREATE_VIEW'],
  [new RegExp(`^CREATE\\s+(?:OR\\s+REPLACE\\s+)?MATERIALIZED\\s+VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`, 'i'), 'CREATE_MATERIALIZED_VIEW'],
  [new RegExp(`^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?${NAME}`, 'i'), 'DROP_TABLE'],
  [new RegExp(`^DROP\\s+VIEW\\s+(?:IF\\s+EXISTS\\s+)?${NAME}`, 'i'), 'DROP_VIEW'],
  [new RegExp(`^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?${NAME}`, 'i'), 'ALTER_TABLE'],
];

function classifyStatement(text: string): ClassifiedStatement {
  const head = text.split(/\s+/).slice(0, 4).join(' ').slice(0, 80);
  for (const [pattern, type] of PATTERNS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const resolved = typeof type === 'function' ? type(match) : type;
    const target = match[1]?.replace(/\s+/g, '').replace(/`/g, '');
    return target === undefined ? { type: resolved, head } : { type: resolved, target, head };
  }
  // TEMP tables, scripting (DECLARE, IF, LOOP, EXECUTE IMMEDIATE), CALL, EXPORT DATA, LOAD DATA...:
  // dynamic or procedural, so what they touch cannot be read from the text.
  return { type: 'UNKNOWN', head };
}

/**
 * Replaces comments with a space and string contents with nothing, keeping quoted identifiers
 * (backticks). Linear: one pass, no backtracking. null when a string or block comment never ends.
 */
function blankCommentsAndStrings(sql: string): string | null {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if ((c === '-' && next === '-') || c === '#') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return null;
      i = end + 2;
      out += ' ';
    } else if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end === -1) return null;
      out += sql.slice(i, end + 1);
      i = end + 1;
    } else if (c === "'" || c === '"') {
      const triple = sql.startsWith(c.repeat(3), i);
      const raw = /[rR]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? '');
      const end = closingQuote(sql, i, triple ? c.repeat(3) : c, raw);
      if (end === -1) return null;
      out += "''";
      i = end;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Index just past the closing quote; backslash escapes the next character except in raw strings. */
function closingQuote(sql: string, start: number, quote: string, raw: boolean): number {
  let i = start + quote.length;
  while (i < sql.length) {
    if (!raw && sql[i] === '\\') {
      i += 2;
    } else if (sql.startsWith(quote, i)) {
      return i + quote.length;
    } else {
      i += 1;
    }
  }
  return -1;
}
