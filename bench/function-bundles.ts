// Deployed function source, bundled (esbuild, scripts/bundle-functions.mjs) next to unbundled (the
// compiled dist/ tree with the whole package's production dependencies, as Cloud Build shipped it
// before): archive size, installed dependencies, cold start (process start -> Functions Framework
// serving -> first CloudEvent handled) and RSS once that event has loaded the model.
// The event goes to the embedded DuckDB store in both cases (BigQuery is not reachable here); the
// BigQuery client path is the same code in both and only in the bundled one is it inside index.js.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../shared/src/adapters/system/project-root';

const ROOT = projectRoot();
const FRAMEWORK = join(ROOT, 'node_modules', '@google-cloud', 'functions-framework', 'build', 'src', 'main.js');
const RUNS = 5;

function zipSize(dir: string, entries: string[]): number {
  const target = join(mkdtempSync(join(tmpdir(), 'fr-zip-')), 'source.zip');
  const result = spawnSync('python3', ['-m', 'zipfile', '-c', target, ...entries], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`zip failed: ${result.stderr}`);
  const size = statSync(target).size;
  rmSync(target, { force: true });
  return size;
}

/** Bytes of a package directory, without the nested node_modules (counted as packages of their own). */
function directoryBytes(path: string, top = true): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + (top && name === 'node_modules' ? 0 : directoryBytes(join(path, name), false)), 0);
}

/** Bytes `npm ci --omit=dev` would install: every non-dev package of the lockfile, or of one dependency's closure. */
function installedBytes(roots: readonly string[] | 'all-production'): number {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; dependencies?: Record<string, string>; optional?: boolean }> };
  const chosen = new Set<string>();
  if (roots === 'all-production') {
    for (const [path, info] of Object.entries(lock.packages)) if (path.startsWith('node_modules/') && info.dev !== true && info.devOptional !== true) chosen.add(path);
  } else {
    const visit = (name: string, from: string): void => {
      let base = from;
      for (;;) {
        const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
        if (lock.packages[candidate] !== undefined) {
          if (chosen.has(candidate)) return;
          chosen.add(candidate);
          for (const dep of Object.keys(lock.packages[candidate]?.dependencies ?? {})) visit(dep, candidate);
          return;
        }
        if (base === '') return;
        const at = base.lastIndexOf('/node_modules/');
        base = at === -1 ? '' : base.slice(0, at);
      }
    };
    for (const name of roots) visit(name, '');
  }
  let bytes = 0;
  for (const path of chosen) if (existsSync(join(ROOT, path))) bytes += directoryBytes(join(ROOT, path));
  return bytes;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function postEvent(port: number, body: string): Promise<number> {
  return new Promise((resolveStatus) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/json',
          'ce-id': '1',
          'ce-specversion': '1.0',
          'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
          'ce-source': '//pubsub.googleapis.com/projects/bench/topics/pipeline-logs',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolveStatus(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolveStatus(0));
    req.end(body);
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0');
  return kib / 1024;
}

/** Process start -> first event answered 2xx; RSS right after (the model is loaded by then). */
async function coldStart(source: string, body: string): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fr-cold-'));
  const started = performance.now();
  const child = spawn(process.execPath, [FRAMEWORK, '--target=ingest', '--signature-type=cloudevent', `--source=${source}`, `--port=${port}`], {
    env: { ...process.env, FLEXIROASTER_STORE: 'duckdb', FLEXIROASTER_DUCKDB_PATH: join(dir, 'cold.duckdb'), FLEXIROASTER_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  try {
    for (;;) {
      const status = await postEvent(port, body);
      if (status >= 200 && status < 300) break;
      if (status >= 300) throw new Error(`first event answered ${status}: ${stderr}`);
      if (child.exitCode !== null) throw new Error(`function exited with ${child.exitCode}: ${stderr}`);
      if (performance.now() - started > 30_000) throw new Error('function did not start within 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - started;
    return { ms, rss: rssMiB(child.pid as number) };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main(): Promise<void> {
  // Inside the project, so the bundles' only external imports (the framework; DuckDB for this run's
  // local store) resolve to the project's node_modules as they would to the function's own.
  const bundleRoot = join(ROOT, 'dist', 'bench-bundles');
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-functions.mjs'), '--out', bundleRoot], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`bundling failed: ${built.stderr}`);
  process.stdout.write(built.stdout);
  const entry = readFileSync(join(ROOT, 'test', 'fixtures', 'log-entries', 'dataflow', 'job-message-workflow-failed-stage.json'), 'utf8');
  const body = JSON.stringify({ message: { data: Buffer.from(entry).toString('base64'), messageId: '1' }, subscription: 'projects/bench/subscriptions/ingest' });

  const unbundledZip = zipSize(ROOT, ['dist/functions', 'dist/shared', 'models', 'package.json', 'package-lock.json']);
  const unbundledInstalled = installedBytes('all-production');
  const bundledInstalled = installedBytes(['@google-cloud/functions-framework']);
  console.log('\nfunction source (zip uploaded to GCS) and what the build installs from package.json:');
  console.log(`  unbundled (dist/ + models + lockfile; every production dependency): zip ${(unbundledZip / 1024).toFixed(0)} KiB, installed ${(unbundledInstalled / 1048576).toFixed(1)} MiB`);
  for (const name of ['ingest', 'remediate', 'remediationApi']) {
    const dir = join(bundleRoot, name);
    const zip = zipSize(dir, readdirSync(dir));
    console.log(`  bundled ${name}: zip ${(zip / 1024).toFixed(0)} KiB, installed ${(bundledInstalled / 1048576).toFixed(1)} MiB (functions-framework only)`);
  }

  const unbundled: Array<{ ms: number; rss: number }> = [];
  const bundled: Array<{ ms: number; rss: number }> = [];
  for (let run = 0; run < RUNS; run += 1) {
    unbundled.push(await coldStart(ROOT, body));
    bundled.push(await coldStart(join(bundleRoot, 'ingest'), body));
  }
  console.log(`\ningest cold start, process start -> Functions Framework serving -> first CloudEvent handled (median of ${RUNS}), and RSS with the model loaded:`);
  console.log(`  bundled:   ${median(bundled.map((r) => r.ms)).toFixed(0)} ms, RSS ${median(bundled.map((r) => r.rss)).toFixed(0)} MiB (limit 256 MiB)`);
  console.log(`  reference, unbundled (dist/functions/index.js, all functions registered): ${median(unbundled.map((r) => r.ms)).toFixed(0)} ms, RSS ${median(unbundled.map((r) => r.rss)).toFixed(0)} MiB`);
  rmSync(bundleRoot, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

