import { FlexTemplatesServiceClient, JobsV1Beta3Client } from '@google-cloud/dataflow';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { failedResult, invalidAction } from './api-errors';
import { GaxClient, gaxCallOptions, gaxRestOptions, withDeadline, type GoogleApiSettings } from './google-client-settings';

type DataflowKind = 'dataflow.launch_flex_template' | 'dataflow.update_job_state' | 'dataflow.update_workers';

/** Only these two fields change; Dataflow refuses a mask together with requestedState. */
export const WORKER_RANGE_UPDATE_MASK = [
  'runtime_updatable_params.max_num_workers',
  'runtime_updatable_params.min_num_workers',
] as const;

/**
 * Dataflow through the generated client on its REST transport (google-gax `fallback`), which sends
 * the documented v1b3 requests:
 * - flexTemplates.launch: POST /v1b3/projects/{p}/locations/{l}/flexTemplates:launch {launchParameter}
 * - jobs.update (state): PUT /v1b3/projects/{p}/locations/{l}/jobs/{id} {requestedState}, no updateMask
 *   ("If empty, only RequestedJobState will be considered for update")
 * - jobs.update (autoscaling range, Streaming Engine only): the same PUT with
 *   runtimeUpdatableParams and updateMask naming exactly the two fields.
 */
export class DataflowExecutor implements ActionExecutor<DataflowKind> {
  readonly kinds = ['dataflow.launch_flex_template', 'dataflow.update_job_state', 'dataflow.update_workers'] as const;
  private readonly jobsClient: GaxClient<JobsV1Beta3Client>;
  private readonly templatesClient: GaxClient<FlexTemplatesServiceClient>;

  constructor(private readonly settings: GoogleApiSettings = {}) {
    this.jobsClient = new GaxClient(() => new JobsV1Beta3Client(gaxRestOptions<ConstructorParameters<typeof JobsV1Beta3Client>[0]>(settings)));
    this.templatesClient = new GaxClient(
      () => new FlexTemplatesServiceClient(gaxRestOptions<ConstructorParameters<typeof FlexTemplatesServiceClient>[0]>(settings)),
    );
  }

  async execute(action: ActionOf<DataflowKind>): Promise<ExecutionResult> {
    switch (action.kind) {
      case 'dataflow.launch_flex_template':
        return this.launch(action);
      case 'dataflow.update_job_state':
        return this.updateState(action);
      case 'dataflow.update_workers':
        return this.updateWorkers(action);
    }
  }

  private async launch(action: ActionOf<'dataflow.launch_flex_template'>): Promise<ExecutionResult> {
    // https://cloud.google.com/dataflow/docs/reference/rest/v1b3/projects.jobs#Job.FIELDS.name
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(action.jobName)) return invalidAction(`jobName "${action.jobName}" is not a valid Dataflow job name`);
    if (!action.containerSpecGcsPath.startsWith('gs://')) return invalidAction('containerSpecGcsPath must be a gs:// path');
    const operation = `dataflow flexTemplates.launch ${action.projectId}/${action.location}/${action.jobName}`;
    try {
      const templates = await this.templatesClient.ready();
      const request = {
        projectId: action.projectId,
        location: action.location,
        launchParameter: {
          jobName: action.jobName,
          containerSpecGcsPath: action.containerSpecGcsPath,
          parameters: action.parameters,
          environment: action.environment,
        },
      };
      const [response] = await withDeadline(templates.launchFlexTemplate(request, gaxCallOptions(this.settings)), this.settings);
      const jobId = response.job?.id ?? undefined;
      if (!jobId) return { status: 'failed', detail: `${operation}: response named no job`, retryable: false };
      return {
        status: 'submitted',
        externalId: jobId,
        detail: `flexTemplates.launch started job ${jobId} (${action.jobName}) in ${action.location}`,
        retryable: false,
      };
    } catch (error) {
      return failedResult(operation, error);
    }
  }

  private async updateState(action: ActionOf<'dataflow.update_job_state'>): Promise<ExecutionResult> {
    const operation = `dataflow jobs.update ${action.projectId}/${action.location}/${action.jobId} requestedState=${action.requestedState}`;
    try {
      const jobs = await this.jobsClient.ready();
      const request = { projectId: action.projectId, location: action.location, jobId: action.jobId, job: { requestedState: action.requestedState } };
      const [job] = await withDeadline(jobs.updateJob(request, gaxCallOptions(this.settings)), this.settings);
      return {
        status: 'submitted',
        externalId: action.jobId,
        detail: `jobs.update requested ${action.requestedState} for job ${action.jobId}; current state ${stateName(job.currentState)}`,
        retryable: false,
      };
    } catch (error) {
      return failedResult(operation, error);
    }
  }

  private async updateWorkers(action: ActionOf<'dataflow.update_workers'>): Promise<ExecutionResult> {
    const { minNumWorkers: min, maxNumWorkers: max } = action;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 1000) {
      return invalidAction(`worker range ${min}..${max} must be integers with 1 <= min <= max <= 1000`);
    }
    const operation = `dataflow jobs.update ${action.projectId}/${action.location}/${action.jobId} workers=${min}..${max}`;
    try {
      const jobs = await this.jobsClient.ready();
      const request = {
        projectId: action.projectId,
        location: action.location,
        jobId: action.jobId,
        job: { runtimeUpdatableParams: { minNumWorkers: min, maxNumWorkers: max } },
        updateMask: { paths: [...WORKER_RANGE_UPDATE_MASK] },
      };
      const [job] = await withDeadline(jobs.updateJob(request, gaxCallOptions(this.settings)), this.settings);
      const applied = job.runtimeUpdatableParams;
      const now = applied ? ` (job reports ${applied.minNumWorkers ?? '?'}..${applied.maxNumWorkers ?? '?'})` : '';
      return {
        status: 'submitted',
        externalId: action.jobId,
        detail: `jobs.update set the autoscaling range of job ${action.jobId} to ${min}..${max} workers${now}`,
        retryable: false,
      };
    } catch (error) {
      return failedResult(operation, error);
    }
  }
}

function stateName(state: unknown): string {
  return typeof state === 'string' && state.length > 0 ? state : 'unknown';
}
