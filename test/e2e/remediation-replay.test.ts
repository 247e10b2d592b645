import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReplayCommand } from '../../cli/commands/replay';
import { createReportCommand } from '../../cli/commands/report';
import { decisionOfResult, openLocalPipeline } from '../../cli/runtime/local-pipeline';
import { DuckDbRemediationReportReader } from '../../shared/src/adapters/coordination/duckdb-remediation-report-reader';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbKnowledgeBaseStore } from '../../shared/src/adapters/duckdb/duckdb-knowledge-base-store';
import { DuckDbReportReader } from '../../shared/src/adapters/duckdb/duckdb-report-reader';
import { WorkflowsExecutor } from '../../shared/src/adapters/executors/workflows-executor';
import { ReplayClock } from '../../shared/src/adapters/system/replay-clock';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import type { ActionExecutor, ActionKind } from '../../shared/src/core/remediation/actions';
import { registryOf } from '../../shared/src/core/remediation/executor-registry';
import type { RemediationReport } from '../../shared/src/core/ports/remediation-report-reader';
import { toPubSubCloudEvent } from '../../cli/pubsub-envelope';
import { FakeGcpServer } from '../helpers/fake-gcp-server';
import { offlineAuthClient } from '../helpers/offline-google-auth';
import { commandIo } from '../helpers/command-io';
import { MemoryLogger } from '../helpers/memory-logger';

const corpusPath = join(__dirname, '../../data/corpus/demo-log-entries.jsonl');
const demoConfig = JSON.parse(readFileSync(join(__dirname, '../../data/corpus/remediation-config.json'), 'utf8')) as Record<string, unknown>;
const ALL_KINDS: ActionKind[] = [
  'bigquery.rerun_job', 'dataflow.launch_flex_template', 'dataflow.update_job_state', 'dataflow.update_workers', 'composer.clear_failed_tasks',
  'composer.trigger_dag', 'composer.pause_dag', 'workflows.reexecute', 'notify.pubsub', 'notify.webhook',
];

/** Fails the test if anything reaches an executor: dry run must make no call. */
function countingExecutors() {
  const calls: ActionKind[] = [];
  const executor: ActionExecutor = {
    kinds: ALL_KINDS,
    execute: async (action) => {
      calls.push(action.kind);
      return { status: 'failed', detail: 'no executor may run in this test', retryable: false };
    },
  };
  return { calls, registry: registryOf([executor]) };
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'flexiroaster-e2e-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function appConfig(policy: Record<string, unknown>) {
  const policyPath = join(directory, 'remediation.json');
  writeFileSync(policyPath, JSON.stringify(policy));
  return parseAppConfig({ FLEXIROASTER_DUCKDB_PATH: join(directory, 'e2e.duckdb'), FLEXIROASTER_REMEDIATION_CONFIG: policyPath });
}

async function remediationReport(path: string): Promise<RemediationReport> {
  const io = commandIo();
  await createReportCommand(async () => {
    const database = await DuckDbDatabase.open(path);
    return { reader: new DuckDbReportReader(database), remediation: new DuckDbRemediationReportReader(database), close: () => database.close() };
  })(['--json'], io);
  return (JSON.parse(io.output()) as { remediation: RemediationReport }).remediation;
}

describe('remediation end to end through flexiroaster replay', () => {
  it('in dry run decides for every failure of the demo corpus, calls nothing, and settles outcomes from later successes', async () => {
    const config = appConfig(demoConfig);
    const executors = countingExecutors();
    const io = commandIo();
    const replay = createReplayCommand(async () => {
      const clock = new ReplayClock(new Date(0));
      const pipeline = await openLocalPipeline(config, new MemoryLogger(), { clock, executors: executors.registry });
      return {
        handle: pipeline.handle,
        advanceClock: (timestamp) => clock.advanceTo(timestamp),
        decisionFor: (eventId) => decisionOfResult(pipeline.remediationOf(eventId)),
        close: pipeline.close,
      };
    }, systemClock);
    expect(await replay([corpusPath, '--json'], io)).toBe(0);

    const lines = io.output().trimEnd().split('\n').map((line) => JSON.parse(line) as { eventId: string | null; category: string | null; decision: Record<string, unknown> | null; duplicate?: boolean });
    expect(lines).toHaveLength(readFileSync(corpusPath, 'utf8').trim().split('\n').length);
    const decided = lines.filter((line) => line.decision !== null);
    expect(decided.length).toBeGreaterThan(10);
    for (const line of decided) {
      expect(line.category).not.toBeNull();
      expect(line.decision).toMatchObject({ dryRun: true, executed: false, strategy: expect.any(String), autonomy: expect.stringMatching(/^(auto|approve|notify)$/) });
      expect(String(line.decision?.reason).length).toBeGreaterThan(10);
    }
    expect(lines.filter((line) => line.category === null && !line.duplicate).every((line) => line.decision === null)).toBe(true);
    expect(decided.some((line) => line.decision?.strategy === 'relaunch_dataflow_flex_template')).toBe(true);
    expect(decided.some((line) => line.decision?.strategy === 'reexecute_workflow')).toBe(true);
    expect(decided.filter((line) => line.category === 'permission_denied').every((line) => line.decision?.strategy === 'escalate')).toBe(true);
    expect(executors.calls).toEqual([]);

    const report = await remediationReport(config.duckdbPath);
    // The next scheduled run of a pipeline succeeding proves nothing about an action that would have
    // started a run of its own: no relaunch or re-execution is credited with a later unrelated success
    // (a relaunch used to get "5.8 h to recover" from the next day's scheduled run).
    const credited = report.outcomes.filter((outcome) => ['relaunch_dataflow_flex_template', 'reexecute_workflow'].includes(outcome.strategy) && outcome.timeToRecoverMs !== null);
    expect(credited).toEqual([]);
  });

  it('live: re-executes a failed workflow through the Workflows API on a local server and verifies it with the success event', async () => {
    const server = await FakeGcpServer.start();
    try {
      const executionName = 'projects/analytics-prod/locations/us-central1/workflows/partner-sync/executions/0f6a2b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9';
      server.on('POST', '/v1/projects/analytics-prod/locations/us-central1/workflows/partner-sync/executions', {
        json: { name: executionName, state: 'ACTIVE', startTime: '2026-11-21T11:05:00Z', argument: '{}', workflowRevisionId: '000002-1a1' },
      });
      const pipelines = demoConfig.pipelines as Record<string, Record<string, unknown>>;
      const config = appConfig({ ...demoConfig, dryRun: false, pipelines: { 'partner-sync': { ...pipelines['partner-sync'], autonomy: { network_timeout: 'auto' } } } });
      const clock = new ReplayClock(new Date(0));
      const pipeline = await openLocalPipeline(config, new MemoryLogger(), {
        clock,
        executors: registryOf([new WorkflowsExecutor({ apiEndpoint: server.host, protocol: 'http', auth: offlineAuthClient() })]),
      });
      try {
        const lines = readFileSync(corpusPath, 'utf8').split('\n').filter((line) => line.includes('"workflow_id":"partner-sync"'));
        const failed = lines.find((line) => line.includes('"state":"FAILED"')) as string;
        const succeeded = lines.find((line) => line.includes('"state":"SUCCEEDED"')) as string;
        const deliver = async (record: string, index: number) => {
          const envelope = toPubSubCloudEvent(record, index, '2026-11-21T12:00:00Z');
          clock.advanceTo(envelope.data?.message.attributes?.['logging.googleapis.com/timestamp']);
          return pipeline.handle(envelope);
        };
        const failure = await deliver(failed, 0);
        if (failure.kind !== 'stored') throw new Error('the failure was not stored');
        const first = decisionOfResult(pipeline.remediationOf(failure.event.eventId));
        expect(first).toMatchObject({ strategy: 'reexecute_workflow', dryRun: false, autonomy: 'auto' });
        // Backoff defers the call; the in-process scheduler runs it (its time is already past on the wall clock).
        for (let waited = 0; server.requests.length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(server.requests).toHaveLength(1);
        expect(server.requests[0]?.json).toEqual({ argument: '{}', labels: {} });

        // A redelivery of the same failure acts no second time.
        await deliver(failed, 1);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(server.requests).toHaveLength(1);

        // The pipeline's next scheduled execution succeeding does not verify the action...
        await deliver(succeeded, 2);
        expect((await pipeline.remediation.expire(clock.now())).length).toBe(0);
        const open = await pipeline.remediation.describe(first?.actionKey as string);
        expect(open.status).toBe('submitted');
        // ...the execution the action created does.
        const createdExecutionSucceeded = succeeded.replace('b8d4f2a1-5c3e-4d9f-8a21-7e6f5d4c3b2a', '0f6a2b1c-9d8e-4f7a-b6c5-d4e3f2a1b0c9').replace('lsr8zcf5blz5kf', 'lsr8zcf5blz5kg');
        await deliver(createdExecutionSucceeded, 3);
        // Settled by the success event, so nothing is left for the deadline sweep to fail.
        const expired = await pipeline.remediation.expire(clock.now());
        expect(expired).toEqual([]);

        // Learning: the verified fix is now knowledge a later classification retrieves.
        const learned = await new DuckDbKnowledgeBaseStore(pipeline.database, systemClock).listEntries({ category: 'network_timeout' });
        expect(learned).toEqual([
          expect.objectContaining({ knowledgeType: 'historical_error', recommendedStrategy: 'retry_with_backoff', successCount: 1, failureCount: 0 }),
        ]);
        expect(learned[0]?.errorPattern).toContain('partner-feeds');
      } finally {
        await pipeline.close();
      }
      const outcomes = (await remediationReport(config.duckdbPath)).outcomes.filter((outcome) => outcome.pipelineId === 'partner-sync');
      expect(outcomes).toEqual([expect.objectContaining({ strategy: 'reexecute_workflow', status: 'succeeded' })]);
      expect(outcomes[0]?.timeToRecoverMs).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
