import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { riskArtifactOf, riskModelFromArtifact } from '../../../shared/src/core/risk/model/risk-model-artifact';
import { RiskArtifactMismatchError } from '../../../shared/src/core/risk/model/risk-artifact';
import { DEFAULT_ONLINE_RISK_OPTIONS, OnlineRiskScorer } from '../../../shared/src/core/risk/online-risk-scorer';
import { syntheticRunStream } from '../../helpers/run-stream';

function trainedArtifact() {
  const scorer = new OnlineRiskScorer({ ...DEFAULT_ONLINE_RISK_OPTIONS, minTrainingFailures: 30, gbdt: { ...DEFAULT_ONLINE_RISK_OPTIONS.gbdt, trees: 10 } }, mulberry32(1));
  for (const event of syntheticRunStream({ pipelines: 10, days: 3, runsPerDay: 8, seed: 2 })) {
    if (event.type === 'start') scorer.start(event);
    else scorer.outcome(event);
  }
  const last = scorer.retrains[scorer.retrains.length - 1]!;
  return riskArtifactOf(last.trained, scorer.layout, {
    createdAt: '2026-01-04T00:00:00.000Z',
    trainingWindow: { from: new Date(last.trained.window.from).toISOString(), to: new Date(last.trained.window.to).toISOString() },
    seed: 1,
    options: DEFAULT_ONLINE_RISK_OPTIONS.gbdt,
  });
}

describe('risk model artifact', () => {
  const artifact = trainedArtifact();

  it('records name, schema version, training window, seed, held-out metrics and a sha256 of its body', () => {
    expect(artifact.name).toBe('flexiroaster-risk-model');
    expect(artifact.schemaVersion).toBe(1);
    expect(artifact.trainingWindow.from! < artifact.trainingWindow.to!).toBe(true);
    expect(artifact.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(artifact.metrics.heldOutTail.examples).toBeGreaterThan(0);
    expect(artifact.metrics.trainingExamples).toBeGreaterThan(artifact.metrics.heldOutTail.examples);
  });

  it('loads back into a model that predicts exactly as the trained one, versioned by its hash', () => {
    const loaded = riskModelFromArtifact(JSON.parse(JSON.stringify(artifact)));
    expect(loaded.model.version).toBe(`gbdt-${artifact.hash.slice(0, 12)}`);
    expect(loaded.layout.names).toEqual(artifact.featureNames);
  });

  it('refuses an edited, renamed or older-schema file', () => {
    const edited = JSON.parse(JSON.stringify(artifact));
    edited.calibration.slope += 0.1;
    expect(() => riskModelFromArtifact(edited)).toThrow(RiskArtifactMismatchError);
    expect(() => riskModelFromArtifact({ ...artifact, name: 'flexiroaster-error-classifier' })).toThrow(/expected "flexiroaster-risk-model"/);
    expect(() => riskModelFromArtifact({ ...artifact, schemaVersion: 0 })).toThrow(/train-risk/);
  });
});
