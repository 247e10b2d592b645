export interface SourceStatusCount {
  source: string;
  status: string;
  events: number;
}
export interface FailingPipeline {
  source: string;
  pipelineId: string;
  failures: number;
  lastFailureAt: string;
  lastError: string;
}
export interface CategoryCount {
  category: string;
  events: number;
}
export interface RejectionCount {
  reason: string;
  inputs: number;
  example: string;
}

export interface EventReport {
  totalEvents: number;
  bySourceAndStatus: SourceStatusCount[];
  topFailingPipelines: FailingPipeline[];
  categories: CategoryCount[];
  rejected: RejectionCount[];
}

/** Read side used by `flexiroaster report`. */
export interface ReportReader {
  readReport(options: { topPipelines: number }): Promise<EventReport>;
}
