import type { SnapshotService } from '../../../shared/src/core/health/snapshot-service';
import type { Router } from '../router';

/** Pipeline health: GET /pipelines (each with its status) and GET /pipelines/{id}/snapshot. */
export function registerPipelineRoutes<D extends { snapshots: SnapshotService }>(router: Router<D>): void {
  router.get('/pipelines', 'viewer', async ({ response, deps }) => {
    response.json({ pipelines: await deps.snapshots.listPipelines() });
  });
  router.get('/pipelines/:id/snapshot', 'viewer', async ({ response, params, deps }) => {
    const pipelineId = params.id as string;
    const snapshot = await deps.snapshots.snapshot(pipelineId);
    if (snapshot === null) {
      response.status(404).json({ error: `no runs stored for pipeline "${pipelineId}"` });
      return;
    }
    response.json(snapshot);
  });
}
