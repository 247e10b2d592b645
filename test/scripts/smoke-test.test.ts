import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { normalizeLogEntry } from '../../shared/src/core/normalize';
import { eventIdOf, identityOf } from '../../shared/src/core/normalize/identity';
import { main } from '../../scripts/smoke-test';
import { smokeLogEntry, SMOKE_PIPELINE } from '../../scripts/smoke-test/sample-entry';
import type { RecordedRequest, ScriptedResponse } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient, TEST_ACCESS_TOKEN, offlineAuthClient } from '../helpers/offline-google-auth';

const PROJECT = 'ops-prod';
const PUBLISH_PATH = `/v1/projects/${PROJECT}/topics/pipeline-logs:publish`;
const QUERIES_PATH = `/bigquery/v2/projects/${PROJECT}/queries`;

function queryAnswer(rows: string[][]): ScriptedResponse {
  return {
    json: {
      kind: 'bigquery#queryResponse',
      jobComplete: true,
      jobReference: { projectId: PROJECT, jobId: 'smoke', location: 'EU' },
      schema: { fields: [{ name: 'status', type: 'STRING', mode: 'NULLABLE' }, { name: 'category', type: 'STRING', mode: 'NULLABLE' }] },
      totalRows: String(rows.length),
      ...(rows.length > 0 ? { rows: rows.map((row) => ({ f: row.map((v) => ({ v })) })) } : {}),
    },
  };
}

describe('post-deploy smoke test (publish a LogEntry, poll BigQuery until it is stored classified)', () => {
  const gcp = offlineGcp({ strictRoutes: true });
  const lines: string[] = [];
  const run = (timeoutMs: number) =>
    main(['--project', PROJECT, '--dataset', 'flexiroaster', '--location', 'EU'], (line) => lines.push(line), {
      timeoutMs,
      pollIntervalMs: 5,
      pubsub: { apiEndpoint: gcp.server.host, protocol: 'http', auth: offlineAuthClient() },
      bigquery: createBigQueryClient({ projectId: PROJECT, location: 'EU', apiEndpoint: gcp.server.baseUrl, authClient: new FixedTokenAuthClient(), maxRetries: 0 }),
    });

  beforeEach(() => {
    lines.length = 0;
  });

  it('sends a sample the deployed normalizer reads as a classified Dataflow failure of the smoke pipeline', () => {
    const result = normalizeLogEntry(smokeLogEntry(PROJECT, 'r1', new Date('2026-12-03T09:00:00Z')));
    expect(result.ok && { source: result.event.source, status: result.event.status, pipelineId: result.event.pipelineId }).toEqual({ source: 'dataflow', status: 'failed', pipelineId: SMOKE_PIPELINE });
  });

  it('publishes the entry to pipeline-logs and passes once the event is stored with a category', async () => {
    gcp.server.on('POST', PUBLISH_PATH, { json: { messageIds: ['7301'] } });
    let polls = 0;
    gcp.server.on('POST', QUERIES_PATH, () => {
      polls += 1;
      return polls < 3 ? queryAnswer([]) : queryAnswer([['failed', 'worker_lost']]);
    });

    expect(await run(10_000)).toBe(0);

    const [publish] = gcp.server.requestsTo('POST', PUBLISH_PATH) as [RecordedRequest];
    expect(publish.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
    const sent = JSON.parse(Buffer.from((publish.json as { messages: Array<{ data: string }> }).messages[0]?.data as string, 'base64').toString('utf8'));
    expect(sent).toMatchObject({ logName: `projects/${PROJECT}/logs/dataflow.googleapis.com%2Fjob-message`, resource: { type: 'dataflow_step' } });
    const expectedId = eventIdOf(identityOf(sent));
    const queries = gcp.server.requestsTo('POST', QUERIES_PATH).map((request) => request.json as { query: string; location: string; queryParameters: Array<{ name: string; parameterValue: { value: string } }> });
    expect(queries).toHaveLength(3);
    expect(queries[0]?.query).toBe(`SELECT status, category FROM \`${PROJECT}.flexiroaster.pipeline_events\` WHERE event_id = @event_id LIMIT 1`);
    expect(queries[0]?.location).toBe('EU');
    expect(queries[0]?.queryParameters).toEqual([expect.objectContaining({ name: 'event_id', parameterValue: { value: expectedId } })]);
    expect(lines.at(-1)).toMatch(new RegExp(`^smoke test passed: event ${expectedId} stored as worker_lost after .* \\(3 polls\\)$`));
  });

  it('fails naming the event and where to look when it never arrives', async () => {
    gcp.server.on('POST', PUBLISH_PATH, { json: { messageIds: ['7302'] } }).on('POST', QUERIES_PATH, queryAnswer([]));

    expect(await run(40)).toBe(1);

    expect(lines.at(-1)).toMatch(/^smoke test FAILED: event [0-9a-f]{32} \(message 7302\) did not reach pipeline_events within 0 s after \d+ polls: check the ingest function's logs and the dead-letter subscription$/);
  });

  it('fails when the event arrives unclassified', async () => {
    gcp.server.on('POST', PUBLISH_PATH, { json: { messageIds: ['7303'] } }).on('POST', QUERIES_PATH, queryAnswer([['failed', null as unknown as string]]));

    expect(await run(10_000)).toBe(1);

    expect(lines.at(-1)).toMatch(/^smoke test FAILED: event [0-9a-f]{32} arrived but was not classified as a failure \(status failed, category none\)$/);
  });

  it('fails with the API error when the topic cannot be published to', async () => {
    gcp.server.on('POST', PUBLISH_PATH, { status: 404, json: { error: { code: 404, message: `Resource not found (resource=pipeline-logs).`, status: 'NOT_FOUND' } } });

    expect(await run(10_000)).toBe(1);

    expect(lines.at(-1)).toMatch(/^smoke test FAILED: .*not found/i);
  });
});
