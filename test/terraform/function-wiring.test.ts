import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const read = (...path: string[]) => readFileSync(join(ROOT, ...path), 'utf8');
const withoutComments = (hcl: string) => hcl.replace(/#.*$/gm, '');

const MAIN_TF = withoutComments(read('terraform', 'main.tf'));
const APP_CONFIG = read('shared', 'src', 'core', 'config', 'app-config.ts');

/** The body of `module "<name>" { ... }` in the root main.tf (modules there hold no nested braces that matter here). */
function moduleBlock(name: string): string {
  const start = MAIN_TF.indexOf(`module "${name}" {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = MAIN_TF.slice(start + 1).search(/^(module|resource|data|locals) /m);
  return next === -1 ? MAIN_TF.slice(start) : MAIN_TF.slice(start, start + 1 + next);
}

/** Names the entry points register with the Functions Framework: cloudEvent('x', ...) and http('x', ...). */
function registeredEntryPoints(): Map<string, 'cloudEvent' | 'http'> {
  const found = new Map<string, 'cloudEvent' | 'http'>();
  for (const file of [read('functions', 'ingest', 'index.ts'), read('functions', 'remediate', 'index.ts'), read('functions', 'api', 'index.ts')]) {
    for (const match of file.matchAll(/\b(cloudEvent|http)(?:<[^>]*>)?\(\s*'([A-Za-z_$][\w$]*)'/g)) found.set(match[2] as string, match[1] as 'cloudEvent' | 'http');
  }
  return found;
}

describe('Terraform gives the functions what the code reads', () => {
  it('sets only FLEXIROASTER_* variables that parseAppConfig reads', () => {
    const readByConfig = new Set([...APP_CONFIG.matchAll(/'(FLEXIROASTER_[A-Z_]+)'/g)].map((m) => m[1]));
    const set = [...new Set([...MAIN_TF.matchAll(/\b(FLEXIROASTER_[A-Z_]+)\s*=/g)].map((m) => m[1] as string))];
    expect(set.filter((name) => !readByConfig.has(name))).toEqual([]);
  });

  it('sets every variable the production functions need', () => {
    const set = new Set([...MAIN_TF.matchAll(/\b(FLEXIROASTER_[A-Z_]+)\s*=/g)].map((m) => m[1]));
    const needed = [
      'FLEXIROASTER_STORE',
      'FLEXIROASTER_PROJECT_ID',
      'FLEXIROASTER_BQ_DATASET',
      'FLEXIROASTER_REMEDIATION_TOPIC',
      'FLEXIROASTER_TASKS_QUEUE',
      'FLEXIROASTER_TASKS_TARGET_URL',
      'FLEXIROASTER_TASKS_SERVICE_ACCOUNT',
      'FLEXIROASTER_APPROVAL_KEY_SECRET',
      'FLEXIROASTER_REMEDIATION_CONFIG',
    ];
    expect(needed.filter((name) => !set.has(name))).toEqual([]);
    expect(MAIN_TF).toMatch(/FLEXIROASTER_STORE\s*=\s*"bigquery"/);
  });

  it('deploys every registered entry point, Pub/Sub ones with a trigger topic and HTTP ones without', () => {
    const registered = registeredEntryPoints();
    expect([...registered.entries()].sort()).toEqual([
      ['api', 'http'],
      ['ingest', 'cloudEvent'],
      ['remediate', 'cloudEvent'],
      ['remediationApi', 'http'],
    ]);
    const deployed = new Map<string, string>();
    for (const match of MAIN_TF.matchAll(/^module "([a-z_]+)" \{/gm)) {
      const body = moduleBlock(match[1] as string);
      const entryPoint = /entry_point\s*=\s*"([^"]+)"/.exec(body)?.[1];
      if (entryPoint !== undefined) deployed.set(entryPoint, body);
    }
    expect([...deployed.keys()].sort()).toEqual([...registered.keys()].sort());
    for (const [entryPoint, kind] of registered) {
      const hasTrigger = /trigger_topic_id\s*=/.test(deployed.get(entryPoint) as string);
      expect({ entryPoint, hasTrigger }).toEqual({ entryPoint, hasTrigger: kind === 'cloudEvent' });
    }
  });

  it('lets Cloud Tasks call the remediation API: the task target is that function, its invoker is the token account', () => {
    const api = moduleBlock('remediation_api_function');
    expect(api).toMatch(/name\s*=\s*local\.remediation_api_name/);
    expect(api).toMatch(/tasks_and_scheduler\s*=\s*module\.service_accounts\.invoker_member/);
    expect(MAIN_TF).toMatch(/FLEXIROASTER_TASKS_TARGET_URL\s*=\s*"\$\{local\.remediation_api_url\}\/tasks\/run"/);
    expect(MAIN_TF).toMatch(/FLEXIROASTER_TASKS_SERVICE_ACCOUNT\s*=\s*module\.service_accounts\.invoker_email/);
    expect(MAIN_TF).toMatch(/remediation_api_url\s*=\s*"https:\/\/\$\{local\.remediation_api_name\}-/);
  });
});
