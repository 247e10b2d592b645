import type { JsonObject, JsonValue } from '../domain/log-entry';
import type { BigQueryRegistration } from './config/registration';
import type { OriginalBigQueryJob } from './ports';
import { classifySql, DCL_TYPES, type RerunnableType } from './sql-statements';

export type RerunVerdict = { allowed: true; detail: string } | { allowed: false; why: string };

/**
 * Whether the remediation account may re-run this job. It runs with the account's own rights, not the
 * original principal's, so only what the pipeline's owner registered may run: the pipeline must have a
 * BigQuery registration, the original principal must be one it names (when it names any), every
 * statement must be of an allowed type (never DCL), and everything the job writes must be one of the
 * registered destination tables. The SQL is the one jobs.get returned for the failed job.
 */
export function checkBigQueryRerun(job: OriginalBigQueryJob, registration: BigQueryRegistration | undefined, jobProject: string): RerunVerdict {
  if (registration === undefined) return { allowed: false, why: 'the pipeline has no BigQuery registration (allowed statement types and destination tables), so its jobs are never re-run' };
  const principal = job.principal ?? 'an unknown principal';
  if (registration.principals.length > 0 && (job.principal === undefined || !registration.principals.includes(job.principal.toLowerCase()))) {
    return { allowed: false, why: `the job was run by ${principal}, not by one of the pipeline's registered principals` };
  }
  const writes: string[] = [];
  const types: RerunnableType[] = [];
  const config = job.configuration;
  const kind = (['query', 'load', 'copy', 'extract'] as const).find((k) => isObject(config[k]));
  if (kind === undefined) return { allowed: false, why: 'the job configuration holds no query, load, copy or extract' };
  const body = config[kind] as JsonObject;
  if (kind === 'query') {
    if (typeof body.query !== 'string') return { allowed: false, why: 'the query job has no SQL text' };
    if (body.useLegacySql === true) return { allowed: false, why: 'legacy SQL jobs are not re-run (their statements cannot be checked)' };
    const statements = classifySql(body.query);
    if (statements.length === 0) return { allowed: false, why: 'the query job has no statement' };
    const defaultDataset = tableRef(body.defaultDataset, jobProject, true);
    for (const statement of statements) {
      if (DCL_TYPES.includes(statement.type)) return { allowed: false, why: `the job contains a ${statement.type} statement: access control is never re-run` };
      if (statement.type === 'UNKNOWN') return { allowed: false, why: `the job contains a statement that cannot be checked ("${statement.head}")` };
      types.push(statement.type as RerunnableType);
      if (statement.target !== undefined) {
        const table = qualify(statement.target, jobProject, defaultDataset);
        if (table === null) return { allowed: false, why: `cannot tell which table "${statement.target}" is (no dataset)` };
        writes.push(table);
      }
    }
    // BigQuery's own reading of a single statement must agree with ours; a script is checked per statement above.
    if (job.statementType !== undefined && job.statementType !== 'SCRIPT' && (statements.length !== 1 || statements[0]?.type !== job.statementType)) {
      return { allowed: false, why: `BigQuery reports statement type ${job.statementType}, which does not match the SQL text` };
    }
    const destination = tableRef(body.destinationTable, jobProject, false);
    if (destination !== null) writes.push(destination);
  } else {
    types.push(kind === 'load' ? 'LOAD' : kind === 'copy' ? 'COPY' : 'EXTRACT');
    const destination = tableRef(body.destinationTable, jobProject, false);
    if (kind !== 'extract') {
      if (destination === null) return { allowed: false, why: `the ${kind} job names no destination table` };
      writes.push(destination);
    }
  }
  const refused = types.find((type) => !registration.allowedStatementTypes.includes(type));
  if (refused !== undefined) return { allowed: false, why: `statement type ${refused} is not among the registration's allowedStatementTypes (${registration.allowedStatementTypes.join(', ')})` };
  const outside = writes.find((table) => !registration.destinationTables.some((allowed) => tableMatches(allowed, table)));
  if (outside !== undefined) return { allowed: false, why: `the job writes ${outside}, which is not one of the registered destinationTables` };
  return { allowed: true, detail: `${[...new Set(types)].join(', ')}${writes.length > 0 ? ` into ${[...new Set(writes)].join(', ')}` : ''}, originally run by ${principal}` };
}

/** "project.dataset.table" or "project.dataset.*" (every table of a dataset). */
function tableMatches(allowed: string, table: string): boolean {
  return allowed.endsWith('.*') ? table.startsWith(allowed.slice(0, -1)) && !table.slice(allowed.length - 1).includes('.') : allowed === table;
}

function qualify(name: string, jobProject: string, defaultDataset: string | null): string | null {
  const parts = name.split('.');
  if (parts.some((part) => part === '')) return null;
  if (parts.length === 3) return parts.join('.');
  if (parts.length === 2) return `${jobProject}.${parts.join('.')}`;
  if (parts.length === 1 && defaultDataset !== null) return `${defaultDataset}.${parts[0]}`;
  return null;
}

/** A TableReference / DatasetReference from the job configuration, as "project.dataset[.table]". */
function tableRef(value: JsonValue | undefined, jobProject: string, dataset: boolean): string | null {
  if (!isObject(value) || typeof value.datasetId !== 'string') return null;
  const project = typeof value.projectId === 'string' ? value.projectId : jobProject;
  if (dataset) return `${project}.${value.datasetId}`;
  return typeof value.tableId === 'string' ? `${project}.${value.datasetId}.${value.tableId}` : null;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
