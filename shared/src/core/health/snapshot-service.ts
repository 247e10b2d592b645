import type { Clock } from '../ports/clock';
import { buildSnapshot } from './build-snapshot';
import { SNAPSHOT_WINDOWS, type PipelineSnapshot, type PipelineSummary, type SnapshotReader } from './snapshot-types';

/** The one use case behind `flexiroaster snapshot` and GET /pipelines[/{id}/snapshot]. */
export class SnapshotService {
  constructor(
    private readonly reader: SnapshotReader,
    private readonly clock: Clock,
  ) {}

  /** null when the store knows no run of the pipeline in the last 7 days and no success ever. */
  async snapshot(pipelineId: string): Promise<PipelineSnapshot | null> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - SNAPSHOT_WINDOWS['7d']).toISOString();
    const input = await this.reader.readSnapshotInput(pipelineId, since, now.toISOString());
    return input === null ? null : buildSnapshot(input, now);
  }

  listPipelines(): Promise<PipelineSummary[]> {
    return this.reader.listPipelines(this.clock.now().toISOString());
  }
}
