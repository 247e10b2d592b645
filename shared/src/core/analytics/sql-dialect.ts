/**
 * The two engines the analytics views run on: BigQuery in production, DuckDB embedded. Each view is
 * written once against these helpers; everything else in its SQL is the subset both engines read the
 * same way (CAST(ts AS DATE), CASE, NULLIF, window functions, CTEs).
 */
export type SqlDialect = 'bigquery' | 'duckdb';

export interface Sql {
  readonly dialect: SqlDialect;
  /** A stored table: `project.dataset.table` in BigQuery (Terraform fills the template), the bare name in DuckDB. */
  table(name: string): string;
  /** The q-quantile (0..1) of expr as an aggregate: an approximate, actual value in BigQuery, the exact discrete one in DuckDB. */
  quantile(expr: string, q: number): string;
  /** Milliseconds from `from` to `to`, both TIMESTAMP. */
  millisBetween(from: string, to: string): string;
  /** Monday of the ISO week of a TIMESTAMP, as a DATE. */
  weekOf(timestamp: string): string;
  /** Number of elements of a REPEATED column. */
  arrayLength(expr: string): string;
}

function assertQuantile(q: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be in (0, 1), got ${q}`);
  return q;
}

const BIGQUERY: Sql = {
  dialect: 'bigquery',
  table: (name) => `\`\${project}.\${dataset}.${name}\``,
  quantile: (expr, q) => `APPROX_QUANTILES(${expr}, 100)[OFFSET(${Math.round(assertQuantile(q) * 100)})]`,
  millisBetween: (from, to) => `TIMESTAMP_DIFF(${to}, ${from}, MILLISECOND)`,
  weekOf: (timestamp) => `DATE_TRUNC(CAST(${timestamp} AS DATE), ISOWEEK)`,
  arrayLength: (expr) => `ARRAY_LENGTH(${expr})`,
};

const DUCKDB: Sql = {
  dialect: 'duckdb',
  table: (name) => name,
  quantile: (expr, q) => `quantile_disc(${expr}, ${assertQuantile(q)})`,
  millisBetween: (from, to) => `date_diff('millisecond', ${from}, ${to})`,
  weekOf: (timestamp) => `CAST(date_trunc('week', ${timestamp}) AS DATE)`,
  arrayLength: (expr) => `len(${expr})`,
};

export function sqlFor(dialect: SqlDialect): Sql {
  return dialect === 'bigquery' ? BIGQUERY : DUCKDB;
}
