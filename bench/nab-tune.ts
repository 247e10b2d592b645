// Development aid: `node dist/bench/nab-tune.js '{"levelAlpha":0.2}' [--per-series]` scores a configuration
// with the ported NAB scorer in-process, so a change can be judged in seconds. Figures reported in the
// README come from bench/nab.ts, which runs NAB's own scorer.
import { resolve } from 'node:path';
import { StreamingDetector, type StreamingDetectorConfig } from '../shared/src/core/anomaly/streaming';
import { loadNab } from './nab-data';
import { NAB_PROFILES, scoreCorpus, type ScoredSeries } from './nab-sweeper';

const overrides = JSON.parse(process.argv[2] ?? '{}') as Partial<StreamingDetectorConfig>;
const data = loadNab(resolve('../shared/bench-data/nab'));
if ('skip' in data) {
  console.log(`nab-tune: skipped: ${data.skip}`);
} else {
  const corpus: ScoredSeries[] = data.series.map((series) => {
    const detector = new StreamingDetector(overrides);
    const scores = series.values.map((value, i) => detector.update({ timestampMs: series.timestampsMs[i]!, value }).score);
    return { name: series.name, timestamps: series.timestamps, scores, windows: series.windows };
  });
  const results = Object.entries(NAB_PROFILES).map(([profile, cost]) => [profile, scoreCorpus(corpus, cost)] as const);
  for (const [profile, result] of results) {
    console.log(`${profile.padEnd(20)} ${result.normalized.toFixed(2)}  threshold ${result.threshold.toFixed(4)}  raw ${result.raw.toFixed(2)}`);
  }
  if (process.argv.includes('--per-series')) {
    const threshold = results[0]![1].threshold;
    for (const series of corpus) {
      const single = scoreCorpusAt(series, threshold);
      console.log(`${single.padStart(8)}  ${series.name}`);
    }
  }
}

/** One series' contribution at the corpus threshold: detections inside windows (+) and outside (-). */
function scoreCorpusAt(series: ScoredSeries, threshold: number): string {
  const alarms = series.scores.map((s, i) => (s >= threshold ? i : -1)).filter((i) => i >= Math.floor(0.15 * series.scores.length) && i >= 0);
  const inside = alarms.filter((i) => series.windows.some(([a, b]) => i >= a && i <= b));
  const hitWindows = series.windows.filter(([a, b]) => alarms.some((i) => i >= a && i <= b)).length;
  return `${hitWindows}/${series.windows.length}w ${alarms.length - inside.length}fp`;
}
