import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { signaturesCommand } from '../cli/commands/signatures';
import { projectRoot } from '../shared/src/adapters/system/project-root';
import { parseCsv } from './csv';
import { groupingAccuracy } from './grouping-accuracy';

/**
 * Signatures a fleet can group by, on Loghub-2k: four independent instances (fresh state each) mine
 * every 4th line of a system through the `signatures` CLI, as four function instances would share the
 * traffic. Grouping by the ids they printed shows what a table of per-instance ids groups at; the same
 * ids through `signatures resolve --state S1..S4` (the fleet consolidation) show what the canonical
 * ids group at. One instance seeing every line, resolved, is the upper reference; Drain the published one.
 */
const INSTANCES = 4;
const DRAIN_MEAN = 0.8654;
const GOAL = 0.95;

interface SystemSettings {
  log_file: string;
  log_format: string;
  masks: string[];
}

async function runCli(args: string[], input: string): Promise<string[]> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  stderr.on('data', () => undefined);
  const code = await signaturesCommand(args, { stdin: Readable.from([input]), stdout, stderr });
  if (code !== 0) throw new Error(`signatures ${args.join(' ')} exited with ${code}`);
  return Buffer.concat(chunks).toString('utf8').split('\n').filter((line) => line !== '');
}

async function mine(lines: readonly string[], settings: SystemSettings, statePath: string): Promise<string[]> {
  const args = ['--log-format', settings.log_format, ...settings.masks.flatMap((mask) => ['--mask', mask]), '--state', statePath];
  const out = await runCli(args, `${lines.join('\n')}\n`);
  return out.map((line) => (JSON.parse(line) as { signatureId: string }).signatureId);
}

async function resolveIds(ids: readonly string[], statePaths: readonly string[]): Promise<string[]> {
  const out = await runCli(['resolve', ...statePaths.flatMap((path) => ['--state', path])], `${ids.join('\n')}\n`);
  return out.map((line) => {
    const parsed = JSON.parse(line) as { signatureId: string; canonicalId: string | null };
    return parsed.canonicalId ?? parsed.signatureId;
  });
}

async function main(): Promise<void> {
  const directory = resolve(projectRoot(), '..', 'shared', 'bench-data', 'loghub-2k');
  if (!existsSync(join(directory, 'settings.json'))) {
    console.log(`skipped: Loghub-2k data not found at ${directory} (see the bench-data README)`);
    return;
  }
  const settings = JSON.parse(readFileSync(join(directory, 'settings.json'), 'utf8')) as Record<string, SystemSettings>;
  const scratch = mkdtempSync(join(tmpdir(), 'fleet-signatures-'));
  const totals = { printed: 0, fleet: 0, single: 0 };
  let systems = 0;
  const started = performance.now();
  try {
    console.log(`${'system'.padEnd(12)} ${'printed'.padStart(8)} ${'fleet'.padStart(7)} ${'single'.padStart(7)}`);
    for (const [system, setting] of Object.entries(settings)) {
      const raw = readFileSync(join(directory, setting.log_file), 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
      const rows = parseCsv(readFileSync(join(directory, `${setting.log_file}_structured.csv`), 'utf8'));
      const eventColumn = rows[0]!.indexOf('EventId');
      const truth = rows.slice(1).filter((row) => row.length > eventColumn).map((row) => row[eventColumn]!);

      const statePaths = Array.from({ length: INSTANCES }, (_, i) => join(scratch, `${system}.${i}.json`));
      const printed = new Array<string>(raw.length);
      for (let instance = 0; instance < INSTANCES; instance += 1) {
        const share = raw.filter((_, index) => index % INSTANCES === instance);
        const ids = await mine(share, setting, statePaths[instance]!);
        ids.forEach((id, k) => (printed[k * INSTANCES + instance] = id));
      }
      const fleet = await resolveIds(printed, statePaths);
      const singlePath = join(scratch, `${system}.single.json`);
      const single = await resolveIds(await mine(raw, setting, singlePath), [singlePath]);

      const scores = { printed: groupingAccuracy(printed, truth), fleet: groupingAccuracy(fleet, truth), single: groupingAccuracy(single, truth) };
      console.log(`${system.padEnd(12)} ${scores.printed.toFixed(3).padStart(8)} ${scores.fleet.toFixed(3).padStart(7)} ${scores.single.toFixed(3).padStart(7)}`);
      totals.printed += scores.printed;
      totals.fleet += scores.fleet;
      totals.single += scores.single;
      systems += 1;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const mean = (value: number): string => (value / systems).toFixed(4);
  console.log(`\nmean GA over ${systems} systems, ${INSTANCES} instances each fed every ${INSTANCES}th line:`);
  console.log(`  ids as printed by the instances: ${mean(totals.printed)}`);
  console.log(`  the same ids resolved by the fleet consolidation (signatures resolve): ${mean(totals.fleet)} (goal >= ${GOAL})`);
  console.log(`  reference: one instance seeing every line, resolved: ${mean(totals.single)}; Drain (published, one instance): ${DRAIN_MEAN}`);
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s for mining, resolving and scoring`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
