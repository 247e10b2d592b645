import { bucketOf, ModelRollout, RolloutTransitionError } from '../../../shared/src/core/risk/policy/model-rollout';

describe('model rollout shadow -> canary -> full', () => {
  const at = '2026-01-01T00:00:00.000Z';

  it('records every step in the audit trail and routes pipelines by stage', () => {
    const rollout = new ModelRollout({ currentVersion: 'gbdt-old', candidateVersion: null, stage: null, canaryShare: 0.25 });
    expect(rollout.route('p1')).toEqual({ answering: 'gbdt-old', shadow: null });
    const trail = [rollout.begin('gbdt-new', at, 'train-job', 'retrained on 30 days')];
    expect(rollout.route('p1')).toEqual({ answering: 'gbdt-old', shadow: 'gbdt-new' });
    trail.push(rollout.advance('canary', at, 'alice', 'shadow AUC 0.97 vs 0.95'));
    const pipelines = Array.from({ length: 400 }, (_, i) => `pipeline-${i}`);
    const onCandidate = pipelines.filter((id) => rollout.route(id).answering === 'gbdt-new');
    expect(onCandidate.length / pipelines.length).toBeGreaterThan(0.18);
    expect(onCandidate.length / pipelines.length).toBeLessThan(0.32);
    expect(onCandidate.every((id) => bucketOf(id) < 0.25)).toBe(true);
    trail.push(rollout.advance('full', at, 'alice', 'canary clean for a week'));
    expect(rollout.route('pipeline-1')).toEqual({ answering: 'gbdt-new', shadow: null });
    expect(trail.map((record) => [record.from, record.to])).toEqual([
      [null, 'shadow'],
      ['shadow', 'canary'],
      ['canary', 'full'],
    ]);
    expect(trail[2]).toMatchObject({ candidateVersion: 'gbdt-new', currentVersion: 'gbdt-old', actor: 'alice' });
  });

  it('rolls back from canary to the current model and refuses skipped or repeated steps', () => {
    const rollout = new ModelRollout({ currentVersion: 'gbdt-old', candidateVersion: null, stage: null, canaryShare: 1 });
    expect(() => rollout.advance('canary', at, 'bob', 'no candidate')).toThrow(RolloutTransitionError);
    rollout.begin('gbdt-new', at, 'train-job', 'retrained');
    expect(() => rollout.advance('full', at, 'bob', 'skip canary')).toThrow(/cannot go from shadow to full/);
    expect(() => rollout.begin('gbdt-newer', at, 'train-job', 'again')).toThrow(/still in shadow/);
    rollout.advance('canary', at, 'bob', 'looks fine');
    expect(rollout.route('any').answering).toBe('gbdt-new');
    const record = rollout.advance('rolled_back', at, 'bob', 'Brier worse on canary');
    expect(record).toMatchObject({ from: 'canary', to: 'rolled_back' });
    expect(rollout.route('any')).toEqual({ answering: 'gbdt-old', shadow: null });
  });
});
