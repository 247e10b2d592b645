import { StageHistories, stageRisks } from '../../../shared/src/core/risk/stage-risk';

describe('stage (task) risk for Composer DAGs', () => {
  const at = Date.parse('2026-01-01T00:00:00Z');

  function histories(): StageHistories {
    const stages = new StageHistories();
    for (let run = 0; run < 10; run += 1) {
      const t = at + run * 3_600_000;
      stages.recordStart('dag', 'extract', t);
      stages.recordOutcome('dag', 'extract', t + 60_000, 'succeeded');
      stages.recordStart('dag', 'load', t, run % 2 === 0 ? 2 : 1);
      stages.recordOutcome('dag', 'load', t + 120_000, run < 4 ? 'failed' : 'succeeded');
      stages.recordStart('dag', 'notify', t);
      stages.recordOutcome('dag', 'notify', t + 130_000, run < 4 ? 'failed' : 'succeeded');
    }
    return stages;
  }

  it('ranks the task with the worst failure history and retries first, and weights criticality', () => {
    const risks = stageRisks(0.1, histories().stagesOf('dag'), new Set(['load', 'extract']));
    expect(risks.map((risk) => risk.stageId)).toEqual(['load', 'notify', 'extract']);
    const load = risks[0]!;
    const notify = risks[1]!;
    expect(load.factors.retryShare).toBeCloseTo(0.5, 5);
    expect(load.failureProbability).toBeGreaterThan(notify.failureProbability);
    expect(notify.riskScore).toBeCloseTo(notify.failureProbability * 0.5, 9);
    expect(load.riskScore).toBe(load.failureProbability);
  });

  it('gives a task with no record the run probability, and a healthy task less than a failing one', () => {
    const stages = histories();
    stages.recordStart('dag', 'new-task', at);
    const risks = stageRisks(0.3, stages.stagesOf('dag'), new Set());
    const fresh = risks.find((risk) => risk.stageId === 'new-task')!;
    const extract = risks.find((risk) => risk.stageId === 'extract')!;
    expect(fresh.failureProbability).toBeCloseTo(0.3, 9);
    expect(extract.failureProbability).toBeLessThan(0.1);
  });
});
