import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const FRAMEWORK = join(ROOT, 'node_modules', '@google-cloud', 'functions-framework', 'build', 'src', 'main.js');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

function post(port: number, body: string): Promise<number> {
  return new Promise((done) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'content-type': 'application/json', 'ce-id': 'b-1', 'ce-specversion': '1.0', 'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished', 'ce-source': '//pubsub.googleapis.com/projects/acme/topics/pipeline-logs' } },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', () => done(0));
    req.end(body);
  });
}

describe('scripts/bundle-functions.mjs', () => {
  // Inside the project so the bundle's one external import, the Functions Framework, resolves as it
  // does in the deployed function's own node_modules.
  const out = join(ROOT, 'dist', `test-bundles-${process.pid}`);
  let bundled: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-functions.mjs'), '--out', out, 'ingest'], { encoding: 'utf8' });
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes an ESM entry, lazy chunks, the model and a package.json that depends on the Functions Framework only', () => {
    expect(bundled.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'ingest', 'package.json'), 'utf8')) as { name: string; main: string; dependencies: Record<string, string> };
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest).toMatchObject({ name: 'flexiroaster', main: 'index.mjs', dependencies: { '@google-cloud/functions-framework': root.dependencies['@google-cloud/functions-framework'] } });
    expect(Object.keys(manifest.dependencies)).toEqual(['@google-cloud/functions-framework']);
    expect(readFileSync(join(out, 'ingest', 'models', 'classifier.json'))).toEqual(readFileSync(join(ROOT, 'models', 'classifier.json')));
    expect(readdirSync(join(out, 'ingest', 'chunks')).length).toBeGreaterThan(1);
    // The BigQuery client is a chunk of its own, loaded when the store is first built, not at start.
    expect(readFileSync(join(out, 'ingest', 'index.mjs'), 'utf8')).not.toContain('insertAll');
  });

  it('serves the ingest entry point from the bundle: a Pub/Sub CloudEvent is classified and stored', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'fr-bundle-test-'));
    const database = join(dir, 'bundle.duckdb');
    const child = spawn(process.execPath, [FRAMEWORK, '--target=ingest', '--signature-type=cloudevent', `--source=${join(out, 'ingest')}`, `--port=${port}`], {
      env: { ...process.env, FLEXIROASTER_STORE: 'duckdb', FLEXIROASTER_DUCKDB_PATH: database, FLEXIROASTER_LOG_LEVEL: 'INFO' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
    try {
      const entry = readFileSync(join(ROOT, 'test', 'fixtures', 'log-entries', 'dataflow', 'job-message-workflow-failed-stage.json'), 'utf8');
      const body = JSON.stringify({ message: { data: Buffer.from(entry).toString('base64'), messageId: '5501' }, subscription: 'projects/acme/subscriptions/ingest' });
      let status = 0;
      for (let attempt = 0; attempt < 600 && status === 0 && child.exitCode === null; attempt += 1) {
        status = await post(port, body);
        if (status === 0) await new Promise((r) => setTimeout(r, 25));
      }
      expect({ status, logs: status === 204 ? '' : logs }).toEqual({ status: 204, logs: '' });
      expect(logs).toMatch(/"message":"dataflow orders-backfill-batch run 2026-11-21_01_00_12-5562901184420937735 failed \([a-z_]+\)"/);
      expect(existsSync(database)).toBe(true);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
