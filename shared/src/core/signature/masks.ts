/**
 * Masking rules are data, applied in order before mining, so an operator can read, extend or replace
 * them without touching the miner. Order matters: a rule sees the text the earlier rules left, so the
 * specific shapes (URLs, job ids, tables) come before the generic ones (hex, numbers) that would
 * otherwise chop them into pieces.
 */
export interface MaskRule {
  readonly name: string;
  /** JavaScript regular-expression source; matched globally. */
  readonly regex: string;
  /** Extra flags besides `g` (e.g. `i`). */
  readonly flags?: string;
  readonly replacement: string;
  /**
   * Substrings of which at least one must occur for the rule to match at all. Only a fast path: a
   * cheap `includes` skips the regex on the many lines that cannot match it.
   */
  readonly requires?: readonly string[];
}

/** A wildcard placeholder in masked text and in templates: `<*>` or a named one such as `<NUM>`. */
export const PLACEHOLDER = /<(?:\*|[A-Z][A-Z0-9_]*)>/;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(?:${MONTH_NAMES.join('|')})[a-z]*\\.?`;
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?';
const CLOCK = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?';
const ZONE = '(?:Z|[+-]\\d{2}:?\\d{2}|\\s?UTC|\\s?GMT)?';
/** Neither a word character nor a character that would make the match part of a longer identifier. */
const START = '(?<![\\w.\\-/:@])';
const END = '(?![\\w\\-/@]|\\.\\w)';
const HEXQUAD = '[0-9A-Fa-f]{1,4}';
const TLD = '(?:com|org|net|io|edu|gov|dev|app|co|uk|de|fr|jp|cn|hk|info|biz|local|internal)';

/**
 * Every rule starts only where its token can start (a lookbehind, not `\b`), so a long run of
 * near-misses costs one scan instead of one per position.
 */
export const DEFAULT_GCP_MASKS: readonly MaskRule[] = [
  { name: 'gcs_path', regex: `\\bgs://[^\\s"'<>,;)\\]]*[^\\s"'<>,;:.)\\]]`, replacement: '<GCS_PATH>', requires: ['gs://'] },
  { name: 'url', regex: `(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://[^\\s"'<>]*[^\\s"'<>.,;:)\\]]`, flags: 'i', replacement: '<URL>', requires: ['://'] },
  { name: 'email', regex: '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b', replacement: '<EMAIL>', requires: ['@'] },
  // Full and relative GCP resource names: projects/P/locations/L/jobs/J, //bigquery.googleapis.com/projects/...
  {
    name: 'gcp_resource',
    regex: `(?://[a-z0-9.-]+\\.googleapis\\.com/)?\\bprojects/[\\w.:-]+(?:/[\\w.:@-]+)*`,
    replacement: '<GCP_RESOURCE>', requires: ['projects/'],
  },
  // Dataflow job ids embed a timestamp, so they must be taken whole before the timestamp rule sees them.
  { name: 'dataflow_job_id', regex: '\\b\\d{4}-\\d{2}-\\d{2}_\\d{2}_\\d{2}_\\d{2}-\\d+\\b', replacement: '<JOB_ID>', requires: ['_'] },
  { name: 'bigquery_job_id', regex: '\\b(?:bquxjob|script_job|job)_[A-Za-z0-9_-]{6,}', replacement: '<JOB_ID>', requires: ['job_'] },
  {
    name: 'uuid',
    regex: '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b',
    replacement: '<UUID>', requires: ['-'],
  },
  {
    name: 'iso_timestamp',
    regex: `\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]${CLOCK}${ZONE})?\\b`,
    replacement: '<TS>', requires: ['-'],
  },
  {
    name: 'syslog_timestamp',
    // The clock may already be a placeholder when an extra mask took it first.
    regex: `\\b(?:${WEEKDAY}\\s+)?${MONTH}\\s+\\d{1,2}(?:,?\\s+\\d{4})?(?:\\s+(?:${CLOCK}${ZONE}|<\\*>))?(?:\\s+\\d{4})?(?!\\w)`,
    replacement: '<TS>', requires: MONTH_NAMES,
  },
  { name: 'slash_date', regex: '\\b\\d{1,4}/\\d{1,2}/\\d{1,4}\\b', replacement: '<TS>', requires: ['/'] },
  { name: 'clock', regex: `(?<![\\w:.])${CLOCK}${ZONE}(?![\\w:])`, replacement: '<TS>', requires: [':'] },
  // ISO 8601 basic format, as Airflow writes execution dates into task ids and log lines.
  { name: 'compact_timestamp', regex: '\\b\\d{8}T\\d{6}(?:\\.\\d+)?Z?\\b', replacement: '<TS>', requires: ['T'] },
  // Only data engineers write `quoted` identifiers into pipeline errors; they name tables or columns.
  { name: 'bq_table_backticked', regex: '`[^`\\s]+`', replacement: '<BQ_TABLE>', requires: ['`'] },
  {
    name: 'bq_table_legacy',
    regex: `${START}(?:[a-z][a-z0-9.-]*:)?[a-z][a-z0-9-]{4,28}[a-z0-9]:\\w+\\.[\\w$-]+${END}`,
    replacement: '<BQ_TABLE>', requires: [':'],
  },
  // project.dataset.table: exactly three dotted parts and a project-id-shaped first part, so Java
  // packages (more parts) and short host names (www.example.com) are left alone.
  {
    name: 'bq_table_standard',
    regex: `${START}[a-z][a-z0-9-]{4,28}[a-z0-9]\\.[A-Za-z_]\\w*\\.(?!${TLD}\\b)[A-Za-z_][\\w$]*${END}`,
    replacement: '<BQ_TABLE>', requires: ['.'],
  },
  // MAC addresses and longer colon- or dash-separated byte strings (chip, device and key ids).
  {
    name: 'hex_bytes',
    regex: '(?<![\\w:-])(?:[0-9A-Fa-f]{2}[:-]){5,}[0-9A-Fa-f]{2}(?![\\w:-])',
    replacement: '<HEX>', requires: [':', '-'],
  },
  {
    name: 'ipv6',
    regex: `(?<![\\w:.])\\[?(?:(?:${HEXQUAD}:){7}${HEXQUAD}|(?:${HEXQUAD}:){1,6}:(?:${HEXQUAD}(?::${HEXQUAD}){0,5})?|::(?:${HEXQUAD}(?::${HEXQUAD}){0,6})?)(?:\\]:\\d{1,5})?\\]?(?![\\w:.])`,
    replacement: '<IP>', requires: [':'],
  },
  {
    name: 'ipv4',
    regex: '(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?(?![\\w.]|\\.\\d)',
    replacement: '<IP>', requires: ['.'],
  },
  // Kubernetes pod and GCE managed-instance names end in generated suffixes (Composer workers, GKE nodes).
  // Dataflow worker VMs: <job name>-<MMDDhhmm>-<hex>-harness-<suffix>.
  {
    name: 'dataflow_worker',
    regex: '(?<![\\w-])[a-z][a-z0-9-]*-\\d{8}-[0-9a-f]{4}-harness-[a-z0-9]{4}(?![\\w-])',
    replacement: '<INSTANCE>', requires: ['-harness-'],
  },
  {
    name: 'instance_id',
    regex: '(?<![\\w-])[a-z][a-z0-9-]*?-(?=[a-z0-9]*\\d)[a-z0-9]{8,10}-[a-z0-9]{4,5}(?![\\w-])',
    replacement: '<INSTANCE>', requires: ['-'],
  },
  {
    name: 'gcp_region',
    regex: '\\b(?:us|europe|asia|northamerica|southamerica|australia|me|africa)-[a-z]+\\d+(?:-[a-z])?\\b',
    replacement: '<REGION>', requires: ['-'],
  },
  // BigQuery names the dataset location in its errors: "... was not found in location US".
  { name: 'bq_location', regex: '(?<=\\blocation:?\\s)[A-Za-z][\\w-]*', replacement: '<REGION>', requires: ['location'] },
  // A path is one value even when an earlier rule already masked a segment (`/instances/<UUID>/start`),
  // but `/<IP>` alone (a Java socket address) is not a path.
  {
    name: 'path_with_number',
    regex: '(?<![\\w.:/<>-])(?!/<[A-Z_*]+>(?![\\w./@+~<-]))(?=(?:[\\w./@+~-]|<[A-Z_*]+>)*(?:\\d|<[A-Z_*]+>))(?:/(?:[\\w.@+~-]|<[A-Z_*]+>)+)+/?',
    replacement: '<PATH>', requires: ['/'],
  },
  { name: 'hex_prefixed', regex: '\\b0[xX][0-9a-fA-F]+\\b', replacement: '<HEX>', requires: ['0x', '0X'] },
  {
    name: 'hex_id',
    regex: '(?<![\\w-])(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}(?![\\w-])',
    replacement: '<HEX>',
  },
  {
    name: 'number',
    regex: '(?<![A-Za-z0-9_.])[-+]?\\d+(?:\\.\\d+)*(?:[kKMGTP]i?B|ms|us|ns|s|sec|min|h|%| [KMGTP]i?B\\b)?(?![A-Za-z0-9_])',
    replacement: '<NUM>',
  },
];

export interface CompiledMask {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replacement: string;
  readonly requires: readonly string[] | undefined;
}

/** A regex source that does not compile. Raised at the edge so a bad `--mask` fails with its text. */
export class InvalidMaskError extends Error {
  override readonly name = 'InvalidMaskError';
  constructor(
    readonly maskName: string,
    readonly regex: string,
    options?: { cause?: unknown },
  ) {
    super(`mask ${maskName}: invalid regular expression ${JSON.stringify(regex)}`, options);
  }
}

export function compileMasks(rules: readonly MaskRule[]): CompiledMask[] {
  return rules.map((rule) => {
    const flags = `g${(rule.flags ?? '').replace(/g/g, '')}`;
    try {
      return { name: rule.name, pattern: new RegExp(rule.regex, flags), replacement: rule.replacement, requires: rule.requires };
    } catch (error) {
      throw new InvalidMaskError(rule.name, rule.regex, { cause: error });
    }
  });
}

/** Extra masks given as bare regexes (CLI `--mask`) replace their matches with the plain wildcard. */
export function userMasks(regexes: readonly string[]): MaskRule[] {
  return regexes.map((regex, index) => ({ name: `user_${index + 1}`, regex, replacement: '<*>' }));
}

export function maskMessage(text: string, masks: readonly CompiledMask[] | readonly MaskRule[]): string {
  const compiled = masks.length > 0 && 'pattern' in masks[0]! ? (masks as readonly CompiledMask[]) : compileMasks(masks as readonly MaskRule[]);
  let masked = text;
  for (const mask of compiled) {
    if (mask.requires !== undefined && !mask.requires.some((needle) => masked.includes(needle))) continue;
    mask.pattern.lastIndex = 0;
    masked = masked.replace(mask.pattern, mask.replacement);
  }
  return masked;
}
