import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactMismatchError, verifyArtifact, type ClassifierArtifact } from '../../../shared/src/core/classify/artifact';
import { classifierFromArtifact } from '../../../shared/src/core/classify/load-classifier';
import { DEFAULT_TRAIN_OPTIONS, trainClassifier, type TrainingExample } from '../../../shared/src/core/classify/train-classifier';
import { readKnowledgeBase, readLabelledMessages, trainingExamples } from '../../../cli/training-data';

const root = join(__dirname, '../../..');
const shipped = JSON.parse(readFileSync(join(root, 'models/classifier.json'), 'utf8')) as ClassifierArtifact;

function smallTrainingSet(): TrainingExample[] {
  const examples = trainingExamples(readKnowledgeBase(join(root, 'data/knowledge-base/seed.csv')), readLabelledMessages(join(root, 'data/training/non-errors.jsonl')));
  const perCategory = new Map<string, number>();
  return examples.filter((example) => {
    const seen = perCategory.get(example.category) ?? 0;
    perCategory.set(example.category, seen + 1);
    return seen < 8;
  });
}

const fastOptions = { ...DEFAULT_TRAIN_OPTIONS, folds: 3, forest: { ...DEFAULT_TRAIN_OPTIONS.forest, nTrees: 15 }, retrievalWeights: [0, 0.5], abstainThresholds: [0, 0.3] };

describe('classifier artifact', () => {
  it('is deterministic: the same data and seed give byte-identical artifacts', () => {
    const input = { examples: smallTrainingSet(), createdAt: '2026-11-22T00:00:00.000Z', trainingWindow: { from: null, to: null } };
    expect(JSON.stringify(trainClassifier(input, fastOptions))).toBe(JSON.stringify(trainClassifier(input, fastOptions)));
  });

  it('round-trips through JSON and classifies identically after loading', () => {
    const artifact = trainClassifier({ examples: smallTrainingSet(), createdAt: '2026-11-22T00:00:00.000Z', trainingWindow: { from: null, to: null } }, fastOptions);
    const direct = classifierFromArtifact(artifact).classifier;
    const reloaded = classifierFromArtifact(JSON.parse(JSON.stringify(artifact))).classifier;
    for (const message of ['Exceeded rate limits: too many table update operations', 'No module named pandas_gbq', 'Worker pool stopped.']) {
      expect(reloaded.classify({ message })).toEqual(direct.classify({ message }));
    }
  });

  it('refuses a file whose content no longer matches its hash', () => {
    const tampered = { ...shipped, fusion: { ...shipped.fusion, temperature: shipped.fusion.temperature * 2 } };
    expect(() => verifyArtifact(tampered)).toThrow(ArtifactMismatchError);
    expect(() => verifyArtifact(tampered)).toThrow(/content hash/);
  });

  it('refuses another schema version or artifact name, naming what differs', () => {
    expect(() => verifyArtifact({ ...shipped, schemaVersion: 99 })).toThrow(/schemaVersion is 99/);
    expect(() => verifyArtifact({ ...shipped, name: 'other-model' })).toThrow(/artifact name is "other-model"/);
  });

  it('records its training metrics, window and a sha256 content hash', () => {
    expect(shipped.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(shipped.trainingWindow).toEqual({ from: null, to: null });
    expect(shipped.metrics.crossValidation.folds).toBe(10);
    expect(shipped.knowledgeEntries).toBeGreaterThanOrEqual(240);
  });
});

describe('shipped classifier', () => {
  const { classifier } = classifierFromArtifact(shipped);

  it('answers unknown for text that is no pipeline failure', () => {
    for (const message of ['hello world', 'Lorem ipsum dolor sit amet', 'Worker pool stopped.']) {
      expect(classifier.classify({ message }).category).toBe('unknown');
    }
  });

  it('returns the runner-up, the signature, present contributing terms and knowledge-base evidence', () => {
    const result = classifier.classify({ message: 'Dataflow worker ran out of disk: No space left on device while writing shuffle', source: 'dataflow' });
    expect(result.category).toBe('disk_space_full');
    expect(result.runnerUp?.category).not.toBe('disk_space_full');
    expect(result.signature).toMatch(/^sig_[0-9a-f]{16}$/);
    expect(result.evidence?.length).toBeGreaterThan(0);
    expect(result.evidence?.[0]?.category).toBe('disk_space_full');
    expect(result.evidence?.[0]?.resolution.length).toBeGreaterThan(20);
  });

  it('never reports more confidence than the probability mass it has: confidence + runner-up <= 1', () => {
    const messages = readLabelledMessages(join(root, 'data/eval/gcp-errors-eval.jsonl')).slice(0, 60);
    for (const { message, source } of messages) {
      const result = classifier.classify({ message, ...(source ? { source } : {}) });
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence + (result.runnerUp?.confidence ?? 0)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('lists as top terms only words that occur in the message', () => {
    const result = classifier.classify({ message: 'Connection reset by peer while calling the partner API', source: 'workflows' });
    for (const term of result.topTerms ?? []) for (const word of term.term.split(' ')) expect('connection reset by peer while calling the partner api').toContain(word);
  });
});
