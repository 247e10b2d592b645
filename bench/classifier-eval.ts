import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readLabelledMessages, type LabelledMessage } from '../cli/training-data';
import { SHIPPED_MODEL_PATH } from '../shared/src/adapters/model/shipped-model';
import { projectRoot } from '../shared/src/adapters/system/project-root';
import { expectedCalibrationError } from '../shared/src/core/calibration/calibration';
import { classifierFromArtifact } from '../shared/src/core/classify/load-classifier';
import { RulesOnlyClassifier } from '../shared/src/core/classify/rules-classifier';
import { CATEGORIES } from '../shared/src/core/domain/category';
import type { EventClassifier } from '../shared/src/core/domain/classification';
import { classificationReport } from '../shared/src/core/evaluation/metrics';

interface Evaluation {
  macroF1: number;
  accuracy: number;
  ece: number;
  perClass: Map<string, number>;
}

function evaluate(classifier: EventClassifier, messages: readonly LabelledMessage[]): Evaluation {
  const predictions = messages.map((item) => classifier.classify({ message: item.message, ...(item.source ? { source: item.source } : {}) }));
  const truth = messages.map((item) => item.category);
  const report = classificationReport(truth, predictions.map((p) => p.category), CATEGORIES);
  const ece = expectedCalibrationError(predictions.map((p) => p.confidence), predictions.map((p, i) => p.category === truth[i]));
  return { macroF1: report.macroF1, accuracy: report.accuracy, ece, perClass: new Map(report.perClass.map((c) => [c.label, c.f1])) };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function main(): void {
  const evalPath = join(projectRoot(), 'data/eval/gcp-errors-eval.jsonl');
  if (!existsSync(SHIPPED_MODEL_PATH) || !existsSync(evalPath)) {
    console.log(`skipped: needs ${SHIPPED_MODEL_PATH} (flexiroaster train) and ${evalPath}`);
    return;
  }
  const started = performance.now();
  const text = readFileSync(SHIPPED_MODEL_PATH, 'utf8');
  const { classifier, artifact } = classifierFromArtifact(JSON.parse(text));
  const loadMs = performance.now() - started;
  const messages = readLabelledMessages(evalPath);
  const model = evaluate(classifier, messages);
  const rules = evaluate(new RulesOnlyClassifier(), messages);

  console.log(`evaluation set: ${messages.length} real GCP messages (${evalPath}), disjoint from the knowledge base`);
  console.log(`artifact: ${(statSync(SHIPPED_MODEL_PATH).size / 1024).toFixed(0)} KiB, cold load + verify ${loadMs.toFixed(0)} ms (target < 150 ms)`);
  console.log(`artifact out-of-fold on training data: macro-F1 ${artifact.metrics.crossValidation.macroF1}, ECE ${artifact.metrics.crossValidation.ece}`);
  console.log('');
  console.log('                         macro-F1  accuracy    ECE');
  console.log(`flexiroaster (rules+RF+RAG)  ${model.macroF1.toFixed(3)}     ${model.accuracy.toFixed(3)}   ${model.ece.toFixed(3)}   (targets: macro-F1 >= 0.90, ECE <= 0.05)`);
  console.log(`reference, rules stage only  ${rules.macroF1.toFixed(3)}     ${rules.accuracy.toFixed(3)}   ${rules.ece.toFixed(3)}`);
  console.log('');
  console.log('per-category F1        flexiroaster  rules-only  support');
  for (const category of CATEGORIES) {
    const support = messages.filter((m) => m.category === category).length;
    console.log(`  ${category.padEnd(22)} ${(model.perClass.get(category) ?? 0).toFixed(3).padStart(8)}  ${(rules.perClass.get(category) ?? 0).toFixed(3).padStart(10)}  ${String(support).padStart(7)}`);
  }

  // Throughput end to end (mask, signature, vectorize, forest, retrieval, fusion) on one core.
  const repeats = Math.max(1, Math.ceil(20000 / messages.length));
  for (const item of messages) classifier.classify({ message: item.message });
  const latencies: number[] = [];
  const start = performance.now();
  for (let r = 0; r < repeats; r += 1) {
    for (const item of messages) {
      const t0 = performance.now();
      classifier.classify({ message: item.message, ...(item.source ? { source: item.source } : {}) });
      latencies.push(performance.now() - t0);
    }
  }
  const elapsed = performance.now() - start;
  latencies.sort((a, b) => a - b);
  console.log('');
  console.log(`throughput: ${Math.round((latencies.length / elapsed) * 1000).toLocaleString('en-US')} messages/s on one core (target >= 5,000), p50 ${percentile(latencies, 0.5).toFixed(3)} ms, p99 ${percentile(latencies, 0.99).toFixed(3)} ms`);
}

main();
