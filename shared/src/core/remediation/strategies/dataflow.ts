import type { ActionOf } from '../actions';
import type { DataflowEnvironment, DataflowRegistration } from '../config/registration';
import { isZoneStockout } from '../default-plans';
import { notApplicable, type Strategy, type StrategyInput, type StrategyResult } from './types';

const ZONE = /^[a-z]+-[a-z]+\d+-[a-z]$/;
const ZONE_IN_TEXT = /\b([a-z]+-[a-z]+\d+-[a-z])\b/;
const JOB_NAME = /^[a-z](?:[-a-z0-9]{0,1022}[a-z0-9])?$/;

interface Launch {
  registration: DataflowRegistration;
  projectId: string;
  location: string;
  jobName: string;
}

function launchTarget(input: StrategyInput): Launch | string {
  const dataflow = input.registration.dataflow;
  if (dataflow === undefined) return 'the pipeline registration has no Dataflow flex template';
  const projectId = dataflow.projectId ?? input.request.event.projectId;
  const location = dataflow.location ?? input.request.event.location;
  if (projectId === undefined || location === undefined) return 'neither the registration nor the event names the Dataflow project and region';
  const jobName = dataflow.jobName ?? input.request.event.pipelineId;
  if (!JOB_NAME.test(jobName)) return `"${jobName}" is not a valid Dataflow job name; register dataflow.jobName`;
  return { registration: dataflow, projectId, location, jobName };
}

/** Memory: the next larger allowed machine type per attempt. Zone stock-out: another allowed zone. */
function adjustedEnvironment(input: StrategyInput, dataflow: DataflowRegistration): { environment: DataflowEnvironment; note: string } | string {
  const environment: DataflowEnvironment = { ...dataflow.environment };
  const message = input.request.event.errorMessage ?? '';
  if (input.category === 'memory_leak') {
    const types = dataflow.allowedMachineTypes;
    if (types.length === 0) return 'no allowedMachineTypes registered, so no larger machine type may be chosen';
    const current = environment.machineType ?? (types[0] as string);
    const target = types[types.indexOf(current) + input.stepAttempt];
    if (target === undefined) return `already tried up to the largest allowed machine type (${types[types.length - 1]})`;
    environment.machineType = target;
    return { environment, note: `machine type ${current} → ${target}` };
  }
  if (input.category === 'resource_exhaustion' && isZoneStockout(message)) {
    const failedZone = input.request.event.resourceLabels.zone ?? ZONE_IN_TEXT.exec(message)?.[1] ?? environment.workerZone;
    const candidates = dataflow.allowedZones.filter((zone) => zone !== failedZone && zone !== environment.workerZone);
    const target = candidates[input.stepAttempt - 1];
    if (target === undefined) return `no allowed zone or region left besides ${failedZone ?? 'the failed one'}`;
    delete environment.workerZone;
    delete environment.workerRegion;
    if (ZONE.test(target)) environment.workerZone = target;
    else environment.workerRegion = target;
    return { environment, note: `workers moved from ${failedZone ?? 'the stocked-out zone'} to ${target}` };
  }
  return { environment, note: 'same environment' };
}

function launch(input: StrategyInput, templatePath: (dataflow: DataflowRegistration) => string | undefined, what: string): StrategyResult {
  const target = launchTarget(input);
  if (typeof target === 'string') return notApplicable(target);
  const containerSpecGcsPath = templatePath(target.registration);
  if (containerSpecGcsPath === undefined) return notApplicable('no rollbackContainerSpecGcsPath (last known-good template) registered');
  const adjusted = adjustedEnvironment(input, target.registration);
  if (typeof adjusted === 'string') return notApplicable(adjusted);
  const action: ActionOf<'dataflow.launch_flex_template'> = {
    kind: 'dataflow.launch_flex_template',
    projectId: target.projectId,
    location: target.location,
    jobName: target.jobName,
    containerSpecGcsPath,
    parameters: { ...target.registration.parameters },
    environment: adjusted.environment,
  };
  return { kind: 'act', action, createdRunId: null, detail: `${what} ${target.jobName} from ${containerSpecGcsPath} (${adjusted.note})` };
}

export const relaunchFlexTemplate: Strategy = (input) => launch(input, (d) => d.containerSpecGcsPath, 'relaunch');

export const rollbackTemplate: Strategy = (input) => launch(input, (d) => d.rollbackContainerSpecGcsPath, 'roll back');

/** Streaming only: widen the autoscaling range, doubling the ceiling per attempt up to the registered maximum. */
export const scaleWorkers: Strategy = (input) => {
  const dataflow = input.registration.dataflow;
  const { event } = input.request;
  if (dataflow?.jobType !== 'streaming') return notApplicable('only a registered streaming job can be rescaled in place');
  if (dataflow.maxWorkersCeiling === undefined) return notApplicable('no maxWorkersCeiling registered');
  const projectId = dataflow.projectId ?? event.projectId;
  const location = dataflow.location ?? event.location;
  if (projectId === undefined || location === undefined) return notApplicable('neither the registration nor the event names the Dataflow project and region');
  const minNumWorkers = dataflow.environment.numWorkers ?? 1;
  const current = dataflow.environment.maxWorkers ?? minNumWorkers;
  const maxNumWorkers = Math.min(dataflow.maxWorkersCeiling, current * 2 ** input.stepAttempt);
  if (maxNumWorkers <= current) return notApplicable(`already at the registered ceiling of ${dataflow.maxWorkersCeiling} workers`);
  return {
    kind: 'act',
    action: { kind: 'dataflow.update_workers', projectId, location, jobId: event.runId, minNumWorkers, maxNumWorkers },
    createdRunId: null,
    detail: `autoscaling range of job ${event.runId} → ${minNumWorkers}..${maxNumWorkers} workers`,
  };
};

/** Streaming jobs are drained (in-flight data is finished), batch jobs cancelled; the type must be registered. */
export const drainOrCancel: Strategy = (input) => {
  const dataflow = input.registration.dataflow;
  const { event } = input.request;
  if (dataflow === undefined) return notApplicable('job type unknown: register dataflow.jobType before FlexiRoaster may stop the job');
  const projectId = dataflow.projectId ?? event.projectId;
  const location = dataflow.location ?? event.location;
  if (projectId === undefined || location === undefined) return notApplicable('neither the registration nor the event names the Dataflow project and region');
  const requestedState = dataflow.jobType === 'streaming' ? 'JOB_STATE_DRAINED' : 'JOB_STATE_CANCELLED';
  return {
    kind: 'act',
    action: { kind: 'dataflow.update_job_state', projectId, location, jobId: event.runId, requestedState },
    createdRunId: null,
    detail: `${requestedState === 'JOB_STATE_DRAINED' ? 'drain' : 'cancel'} stuck ${dataflow.jobType} job ${event.runId}`,
  };
};
