import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../shared/src/adapters/system/project-root';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { trainClassifier } from '../../shared/src/core/classify/train-classifier';
import type { KnowledgeEntry } from '../../shared/src/core/knowledge/knowledge-entry';
import type { Command } from '../io';
import { readKnowledgeBase, readLabelledMessages, trainingExamples } from '../training-data';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** `flexiroaster train [--kb FILE | --from-store] [--extra FILE]... [--out FILE]`: knowledge base (+ labelled extras) → one artifact. */
/** Knowledge read from the store, with the time span its entries were written in (the training window). */
export interface StoredKnowledge {
  entries: KnowledgeEntry[];
  window: { from: string | null; to: string | null };
}

export function createTrainCommand(readStoredKnowledge: () => Promise<StoredKnowledge>): Command {
  return async (args, io) => {
    const root = projectRoot();
    const kbPath = option(args, '--kb') ?? join(root, 'data/knowledge-base/seed.csv');
    const extras = args.flatMap((arg, i) => (arg === '--extra' && args[i + 1] ? [args[i + 1] as string] : []));
    const extraPaths = extras.length > 0 ? extras : [join(root, 'data/training/non-errors.jsonl')];
    const out = option(args, '--out') ?? join(root, 'models/classifier.json');
    const started = performance.now();
    const stored = args.includes('--from-store') ? await readStoredKnowledge() : undefined;
    const entries = stored?.entries ?? readKnowledgeBase(kbPath);
    if (entries.length === 0) throw new Error('the knowledge base is empty: `flexiroaster kb upload data/knowledge-base/seed.csv` first, or train from --kb FILE');
    const examples = trainingExamples(entries, extraPaths.flatMap(readLabelledMessages));
    const artifact = trainClassifier({ examples, createdAt: systemClock.now().toISOString(), trainingWindow: stored?.window ?? { from: null, to: null } });
    const text = JSON.stringify(artifact);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    const seconds = (performance.now() - started) / 1000;
    const cv = artifact.metrics.crossValidation;
    io.stdout.write(
      [
        `trained ${artifact.name} v${artifact.schemaVersion} on ${artifact.trainingExamples} examples (${artifact.knowledgeEntries} knowledge entries) in ${seconds.toFixed(1)} s`,
        `out-of-fold (${cv.folds}-fold): macro-F1 ${cv.macroF1}, accuracy ${cv.accuracy}, ECE ${cv.ece}`,
        `fusion: retrieval weight ${artifact.fusion.retrievalWeight}, temperature ${artifact.fusion.temperature}, abstain below ${artifact.fusion.abstainBelow}`,
        `wrote ${out} (${(text.length / 1024).toFixed(0)} KiB, sha256 ${artifact.hash.slice(0, 12)}…)`,
      ].join('\n') + '\n',
    );
    return 0;
  };
}
