import { DuckDbDatabase } from '../../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbRiskPredictionStore } from '../../../shared/src/adapters/duckdb/duckdb-risk-prediction-store';
import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { DEFAULT_ONLINE_RISK_OPTIONS, OnlineRiskScorer } from '../../../shared/src/core/risk/online-risk-scorer';
import { parseRiskPolicy } from '../../../shared/src/core/risk/policy/risk-policy';
import type { RunEvent } from '../../../shared/src/core/risk/run-events';
import { scoreStoredRuns } from '../../../shared/src/core/risk/stored-run-risk';

function history(): RunEvent[] {
  const events: RunEvent[] = [];
  const at = Date.parse('2026-10-01T01:00:00Z');
  for (let day = 0; day < 20; day += 1) {
    for (const pipelineId of ['keeps-failing', 'healthy']) {
      const start = at + day * 86_400_000;
      const failed = pipelineId === 'keeps-failing' && day >= 14;
      events.push({ type: 'start', pipelineId, runId: `${pipelineId}-${day}`, at: start });
      events.push({ type: 'outcome', pipelineId, runId: `${pipelineId}-${day}`, at: start + 600_000, status: failed ? 'failed' : 'succeeded', durationS: 600 });
    }
  }
  return events.sort((a, b) => a.at - b.at);
}

describe('risk of stored runs (snapshot, report, risk_predictions)', () => {
  it('scores a pipeline that keeps failing high with factors and a healthy one low, one row per run', () => {
    const policy = parseRiskPolicy({ dryRun: false, holdAt: 0.6 });
    const result = scoreStoredRuns(history(), new OnlineRiskScorer(DEFAULT_ONLINE_RISK_OPTIONS, mulberry32(1)), policy, Date.parse('2026-10-21T00:00:00Z'));
    expect(result.rows).toHaveLength(40);
    const [first, second] = result.pipelines;
    expect(first?.pipelineId).toBe('keeps-failing');
    expect(first!.next.failureProbability).toBeGreaterThan(0.6);
    expect(first!.decision.verdict).toBe('hold_for_approval');
    expect(first!.next.factors[0]?.name).toBe('recentFailures');
    expect(second?.pipelineId).toBe('healthy');
    expect(second!.next.failureProbability).toBeLessThan(0.1);
    expect(second!.decision.verdict).toBe('proceed');
  });

  it('stores risk_predictions rows once in DuckDB (a replay writes nothing new)', async () => {
    const database = await DuckDbDatabase.open(':memory:');
    try {
      const result = scoreStoredRuns(history(), new OnlineRiskScorer(DEFAULT_ONLINE_RISK_OPTIONS, mulberry32(1)), parseRiskPolicy(undefined), Date.parse('2026-10-21T00:00:00Z'));
      const store = new DuckDbRiskPredictionStore(database);
      await store.savePredictions(result.rows);
      await store.savePredictions(result.rows);
      const rows = await database.read(async (connection) => (await connection.runAndReadAll('SELECT pipeline_id, verdict, dry_run, factors FROM risk_predictions ORDER BY predicted_at')).getRowObjectsJS());
      expect(rows).toHaveLength(40);
      expect(rows[0]).toMatchObject({ dry_run: true, verdict: 'proceed' });
      expect(JSON.parse(String(rows[rows.length - 1]!.factors))).toEqual(expect.any(Array));
    } finally {
      await database.close();
    }
  });
});
