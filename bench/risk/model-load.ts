import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ModelLoad {
  loadMs: number;
  heapMb: number;
  predictUs: number;
}

/** Loads the artifact in a fresh process (as a function instance's cold start would) and reports the cost. */
export async function measureModelLoad(modelPath: string): Promise<ModelLoad> {
  const result = spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'model-load-probe.js'), modelPath], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`model load probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ModelLoad;
}
