import { performance } from 'node:perf_hooks';
import { loadRiskModelFile } from '../../shared/src/adapters/model/risk-model-file';
import { heuristicRisk } from '../../shared/src/core/risk/heuristic';

// Modules are loaded first so the figure is the model's cost, not the code's.
void heuristicRisk;
const path = process.argv[2] as string;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const loaded = loadRiskModelFile(path);
const loadMs = performance.now() - started;
gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
const x = new Float32Array(loaded.layout.width).fill(Number.NaN);
x[0] = 10;
const rounds = 20_000;
const predictStart = performance.now();
let sink = 0;
for (let i = 0; i < rounds; i += 1) sink += loaded.model.predict(x, 5).failureProbability;
const predictUs = ((performance.now() - predictStart) * 1000) / rounds;
process.stdout.write(JSON.stringify({ loadMs, heapMb, predictUs, sink: sink > 0 }));
