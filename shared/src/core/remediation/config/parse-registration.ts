import { ConfigError } from '../../domain/errors';
import { SOURCES } from '../../domain/pipeline-event';
import { DCL_TYPES, RERUNNABLE_TYPES, type RerunnableType } from '../sql-statements';
import { parseAutonomyMap, parseBudget, parseNotification, parsePlans, SECRET_NAME } from './parse-policy';
import { int, join, objectAt, oneOf, optionalBool, optionalText, rejectUnknownKeys, text, textList, textMap, type Raw } from './readers';
import {
  AUTONOMY_LEVELS,
  type ComposerRegistration,
  type DataflowEnvironment,
  type DataflowRegistration,
  type BigQueryRegistration,
  type PipelineRegistration,
  type WorkflowsRegistration,
} from './registration';

const GCS_PATH = /^gs:\/\/[^/\s]+\/\S+$/;
const ZONE_OR_REGION = /^[a-z]+-[a-z]+\d+(?:-[a-z])?$/;
const MACHINE_TYPE = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;
const JOB_NAME = /^[a-z](?:[-a-z0-9]{0,1022}[a-z0-9])?$/;
/** Composer serves each environment's Airflow web server at an origin of its own on this domain. */
const AIRFLOW_URI = /^https:\/\/[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.composer\.googleusercontent\.com$/;
const DAG_ID = /^(?!.*\.\.)(?!\.+$)[A-Za-z0-9_.-]{1,250}$/;
const RESOURCE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
const ENVIRONMENT_KEYS = ['machineType', 'workerRegion', 'workerZone', 'maxWorkers', 'numWorkers', 'serviceAccountEmail', 'tempLocation', 'network', 'subnetwork'];

export function parsePipelines(value: unknown, key: string): Record<string, PipelineRegistration> {
  const out: Record<string, PipelineRegistration> = {};
  for (const [pipelineId, raw] of Object.entries(objectAt(value, key))) out[pipelineId] = parseRegistration(pipelineId, raw, join(key, pipelineId));
  return out;
}

function parseRegistration(pipelineId: string, value: unknown, key: string): PipelineRegistration {
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['source', 'criticality', 'dryRun', 'autonomyDefault', 'autonomy', 'plans', 'budget', 'notification', 'secretName', 'dataflow', 'composer', 'workflows', 'bigquery']);
  const source = oneOf(raw.source, join(key, 'source'), SOURCES);
  const registration: PipelineRegistration = {
    pipelineId,
    source,
    criticality: raw.criticality === undefined ? 'critical' : oneOf(raw.criticality, join(key, 'criticality'), ['critical', 'non-critical'] as const),
    autonomy: parseAutonomyMap(raw.autonomy, join(key, 'autonomy')),
    plans: parsePlans(raw.plans, join(key, 'plans'), source),
  };
  const dryRun = optionalBool(raw.dryRun, join(key, 'dryRun'));
  if (dryRun !== undefined) registration.dryRun = dryRun;
  if (raw.autonomyDefault !== undefined) registration.autonomyDefault = oneOf(raw.autonomyDefault, join(key, 'autonomyDefault'), AUTONOMY_LEVELS);
  if (raw.budget !== undefined) registration.budget = parseBudget(raw.budget, join(key, 'budget'), { perHour: 3, perDay: 10 });
  const notification = parseNotification(raw.notification, join(key, 'notification'));
  if (notification !== undefined) registration.notification = notification;
  const secretName = optionalText(raw.secretName, join(key, 'secretName'), SECRET_NAME, 'projects/PROJECT/secrets/NAME');
  if (secretName !== undefined) registration.secretName = secretName;
  const sections = { dataflow: raw.dataflow, composer: raw.composer, workflows: raw.workflows, bigquery: raw.bigquery };
  for (const [name, section] of Object.entries(sections)) {
    if (section !== undefined && name !== source) throw new ConfigError(join(key, name), `does not apply to a ${source} pipeline`);
  }
  if (raw.dataflow !== undefined) registration.dataflow = parseDataflow(raw.dataflow, join(key, 'dataflow'));
  if (raw.composer !== undefined) registration.composer = parseComposer(raw.composer, join(key, 'composer'));
  if (raw.workflows !== undefined) registration.workflows = parseWorkflows(raw.workflows, join(key, 'workflows'));
  if (raw.bigquery !== undefined) registration.bigquery = parseBigQuery(raw.bigquery, join(key, 'bigquery'));
  return registration;
}

function parseDataflow(value: unknown, key: string): DataflowRegistration {
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['projectId', 'location', 'containerSpecGcsPath', 'rollbackContainerSpecGcsPath', 'parameters', 'jobName', 'jobType', 'environment', 'allowedMachineTypes', 'allowedZones', 'maxWorkersCeiling']);
  const environment = parseEnvironment(raw.environment, join(key, 'environment'));
  const allowedMachineTypes = textList(raw.allowedMachineTypes, join(key, 'allowedMachineTypes'), MACHINE_TYPE, 'a Compute Engine machine type such as n2-highmem-8');
  if (environment.machineType !== undefined && allowedMachineTypes.length > 0 && !allowedMachineTypes.includes(environment.machineType)) {
    throw new ConfigError(join(key, 'environment.machineType'), `"${environment.machineType}" must be one of allowedMachineTypes so a larger one can be chosen`);
  }
  const registration: DataflowRegistration = {
    containerSpecGcsPath: text(raw.containerSpecGcsPath, join(key, 'containerSpecGcsPath'), GCS_PATH, 'a gs:// path'),
    parameters: textMap(raw.parameters, join(key, 'parameters')),
    jobType: oneOf(raw.jobType ?? 'batch', join(key, 'jobType'), ['batch', 'streaming'] as const),
    environment,
    allowedMachineTypes,
    allowedZones: textList(raw.allowedZones, join(key, 'allowedZones'), ZONE_OR_REGION, 'a zone such as us-central1-b or a region such as us-east1'),
  };
  const projectId = optionalText(raw.projectId, join(key, 'projectId'));
  if (projectId !== undefined) registration.projectId = projectId;
  const location = optionalText(raw.location, join(key, 'location'), ZONE_OR_REGION, 'a region such as us-central1');
  if (location !== undefined) registration.location = location;
  const jobName = optionalText(raw.jobName, join(key, 'jobName'), JOB_NAME, 'a Dataflow job name: lowercase letters, digits and dashes, starting with a letter');
  if (jobName !== undefined) registration.jobName = jobName;
  const rollback = optionalText(raw.rollbackContainerSpecGcsPath, join(key, 'rollbackContainerSpecGcsPath'), GCS_PATH, 'a gs:// path');
  if (rollback !== undefined) registration.rollbackContainerSpecGcsPath = rollback;
  if (raw.maxWorkersCeiling !== undefined) registration.maxWorkersCeiling = int(raw.maxWorkersCeiling, join(key, 'maxWorkersCeiling'), 1, 1, 4_000);
  return registration;
}

function parseEnvironment(value: unknown, key: string): DataflowEnvironment {
  const raw: Raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ENVIRONMENT_KEYS);
  const environment: DataflowEnvironment = {};
  for (const name of ['machineType', 'workerRegion', 'workerZone', 'serviceAccountEmail', 'tempLocation', 'network', 'subnetwork'] as const) {
    const item = optionalText(raw[name], join(key, name));
    if (item !== undefined) environment[name] = item;
  }
  if (raw.maxWorkers !== undefined) environment.maxWorkers = int(raw.maxWorkers, join(key, 'maxWorkers'), 1, 1, 4_000);
  if (raw.numWorkers !== undefined) environment.numWorkers = int(raw.numWorkers, join(key, 'numWorkers'), 1, 1, 4_000);
  return environment;
}

const TABLE = /^[a-z][a-z0-9.:-]{4,62}\.[A-Za-z0-9_]{1,1024}\.(?:[A-Za-z0-9_$-]{1,1024}|\*)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function parseBigQuery(value: unknown, key: string): BigQueryRegistration {
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['allowedStatementTypes', 'destinationTables', 'principals']);
  const typesKey = join(key, 'allowedStatementTypes');
  const types = textList(raw.allowedStatementTypes, typesKey);
  for (const type of types) {
    if ((DCL_TYPES as readonly string[]).includes(type)) throw new ConfigError(typesKey, `${type} is access control: FlexiRoaster never re-runs it`);
    if (!(RERUNNABLE_TYPES as readonly string[]).includes(type)) throw new ConfigError(typesKey, `"${type}" is not one of ${RERUNNABLE_TYPES.join(', ')}`);
  }
  if (types.length === 0) throw new ConfigError(typesKey, 'must name at least one statement type');
  return {
    allowedStatementTypes: types as RerunnableType[],
    destinationTables: textList(raw.destinationTables, join(key, 'destinationTables'), TABLE, 'project.dataset.table or project.dataset.*'),
    principals: textList(raw.principals, join(key, 'principals'), EMAIL, 'an e-mail').map((email) => email.toLowerCase()),
  };
}

function parseComposer(value: unknown, key: string): ComposerRegistration {
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['airflowUri', 'dagId']);
  const registration: ComposerRegistration = {
    airflowUri: text(raw.airflowUri, join(key, 'airflowUri'), AIRFLOW_URI, "the environment's Airflow web server origin, https://NAME.composer.googleusercontent.com (no path or port)"),
  };
  const dagId = optionalText(raw.dagId, join(key, 'dagId'), DAG_ID, "an Airflow DAG id: letters, digits, '_', '-' and '.', without '..'");
  if (dagId !== undefined) registration.dagId = dagId;
  return registration;
}

function parseWorkflows(value: unknown, key: string): WorkflowsRegistration {
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['workflowId', 'projectId', 'location', 'defaultArgument']);
  const registration: WorkflowsRegistration = { workflowId: text(raw.workflowId, join(key, 'workflowId'), RESOURCE_ID, 'a Workflows id') };
  const projectId = optionalText(raw.projectId, join(key, 'projectId'));
  if (projectId !== undefined) registration.projectId = projectId;
  const location = optionalText(raw.location, join(key, 'location'), ZONE_OR_REGION, 'a region such as us-central1');
  if (location !== undefined) registration.location = location;
  const defaultArgument = optionalText(raw.defaultArgument, join(key, 'defaultArgument'));
  if (defaultArgument !== undefined) {
    try {
      JSON.parse(defaultArgument);
    } catch {
      throw new ConfigError(join(key, 'defaultArgument'), 'must be JSON text (the Workflows execution argument)');
    }
    registration.defaultArgument = defaultArgument;
  }
  return registration;
}
