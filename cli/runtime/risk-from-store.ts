import { readFileSync } from 'node:fs';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbRiskPredictionStore } from '../../shared/src/adapters/duckdb/duckdb-risk-prediction-store';
import { readStoredRunEvents } from '../../shared/src/adapters/duckdb/duckdb-run-history-reader';
import { readRemediationConfig } from '../../shared/src/adapters/config/remediation-config-file';
import { parseAppConfig } from '../../shared/src/core/config/app-config';
import { mulberry32 } from '../../shared/src/core/forest/seeded-random';
import { DEFAULT_ONLINE_RISK_OPTIONS, OnlineRiskScorer } from '../../shared/src/core/risk/online-risk-scorer';
import { DEFAULT_RISK_POLICY } from '../../shared/src/core/risk/policy/risk-policy';
import { parseRunLine } from '../../shared/src/core/risk/run-line';
import type { RunEvent } from '../../shared/src/core/risk/run-events';
import { scoreStoredRuns } from '../../shared/src/core/risk/stored-run-risk';
import type { Command } from '../io';
import { formatTable } from '../format-table';

/**
 * `flexiroaster risk --from-store [--history RUNS.jsonl] [--json]`: the stored runs replayed through the risk scorer (each
 * start scored from the runs before it), one risk_predictions row per run, and each pipeline's
 * next-run risk with its factors and the policy verdict, riskiest first.
 */
export const riskFromStoreCommand: Command = async (args, io) => {
  const appConfig = parseAppConfig(process.env);
  const remediation = readRemediationConfig(appConfig.remediation.configPath);
  const policy = remediation.risk ?? DEFAULT_RISK_POLICY;
  const database = await DuckDbDatabase.open(appConfig.duckdbPath);
  try {
    const historyAt = args.indexOf('--history');
    // Runs from before the store existed (an export of the run history, a run stream): learned first.
    const prior: RunEvent[] = historyAt >= 0 && args[historyAt + 1] ? readFileSync(args[historyAt + 1] as string, 'utf8').split('\n').filter((line) => line.trim() !== '').map(parseRunLine) : [];
    const events = [...prior, ...(await readStoredRunEvents(database))];
    const last = events.reduce((latest, event) => Math.max(latest, event.at), 0);
    const scorer = new OnlineRiskScorer(DEFAULT_ONLINE_RISK_OPTIONS, mulberry32(42));
    const result = scoreStoredRuns(events, scorer, policy, last + 60_000);
    await new DuckDbRiskPredictionStore(database).savePredictions(result.rows);
    if (args.includes('--json')) {
      for (const pipeline of result.pipelines) io.stdout.write(`${JSON.stringify(pipeline)}\n`);
      return 0;
    }
    io.stdout.write(`\nFailure risk of each pipeline's next run (${result.rows.length} stored runs scored at their start, policy ${policy.dryRun ? 'in dry run' : 'enforced'}: warn at ${policy.warnAt}, hold at ${policy.holdAt})\n`);
    io.stdout.write(
      formatTable(
        ['pipeline', 'runs', 'failed', 'risk', 'verdict', 'model', 'top factors'],
        result.pipelines.map((pipeline) => [
          pipeline.pipelineId,
          String(pipeline.runs),
          String(pipeline.failed),
          `${(pipeline.next.failureProbability * 100).toFixed(1)}%`,
          pipeline.decision.verdict,
          pipeline.next.model,
          pipeline.next.factors.slice(0, 3).map((factor) => `${factor.name} +${(factor.contribution * 100).toFixed(1)}pt`).join(', ') || '—',
        ]),
      ) + '\n',
    );
    return 0;
  } finally {
    await database.close();
  }
};
