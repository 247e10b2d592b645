import { readFileSync, writeFileSync } from 'node:fs';
import { systemClock } from '../../shared/src/adapters/system/system-clock';
import { mulberry32 } from '../../shared/src/core/forest/seeded-random';
import { riskArtifactOf, riskModelFromArtifact } from '../../shared/src/core/risk/model/risk-model-artifact';
import { DEFAULT_ONLINE_RISK_OPTIONS, OnlineRiskScorer, type RiskPrediction } from '../../shared/src/core/risk/online-risk-scorer';
import { parseRunLine, RunLineError } from '../../shared/src/core/risk/run-line';
import { BufferedLineWriter, chunkedLines } from '../chunked-lines';
import type { Command } from '../io';

const USAGE = 'usage: flexiroaster risk --from-store [--json] | flexiroaster risk [--model FILE] [--save-model FILE] [--retrain-hours H] [--min-history N] [--min-training-failures N] [--seed N]';

class UsageError extends Error {}

interface RiskArgs {
  modelPath: string | undefined;
  saveModelPath: string | undefined;
  retrainHours: number;
  minHistory: number;
  minTrainingFailures: number;
  seed: number;
}

function parseArgs(args: readonly string[]): RiskArgs {
  const parsed: RiskArgs = { modelPath: undefined, saveModelPath: undefined, retrainHours: DEFAULT_ONLINE_RISK_OPTIONS.retrainEveryMs / 3_600_000, minHistory: DEFAULT_ONLINE_RISK_OPTIONS.minHistoryForModel, minTrainingFailures: DEFAULT_ONLINE_RISK_OPTIONS.minTrainingFailures, seed: 42 };
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] as string;
    const value = (): string => {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    const number = (min: number): number => {
      const text = value();
      const parsedNumber = Number(text);
      if (text.trim() === '' || !Number.isFinite(parsedNumber) || parsedNumber < min) throw new UsageError(`${flag} must be a number >= ${min}, got ${JSON.stringify(text)}`);
      return parsedNumber;
    };
    if (flag === '--model') parsed.modelPath = value();
    else if (flag === '--save-model') parsed.saveModelPath = value();
    else if (flag === '--retrain-hours') parsed.retrainHours = number(0);
    else if (flag === '--min-history') parsed.minHistory = number(0);
    else if (flag === '--min-training-failures') parsed.minTrainingFailures = number(1);
    else if (flag === '--seed') parsed.seed = number(0);
    else throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
  }
  return parsed;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The output line of one start: the contract of `flexiroaster risk`. */
export function formatPrediction(prediction: RiskPrediction): string {
  let factors = '';
  for (const factor of prediction.factors) {
    if (factors.length > 0) factors += ',';
    factors += `{"name":${JSON.stringify(factor.name)},"contribution":${round(factor.contribution, 5)}}`;
  }
  return `{"runId":${JSON.stringify(prediction.runId)},"failureProbability":${round(prediction.failureProbability, 6)},"factors":[${factors}],"model":${JSON.stringify(prediction.model)}}`;
}

function errorLine(lineNumber: number, error: unknown): string {
  const code = error instanceof RunLineError ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return JSON.stringify({ error: { code, message, line: lineNumber } });
}

/**
 * `flexiroaster risk`: a run stream (start/outcome JSON lines in time order) on stdin; one prediction
 * line per start, from what came before it; outcomes teach the scorer (history at once, the model on
 * the retraining schedule, in stream time as the deployed train job runs daily). Bad lines get an
 * error line and the stream goes on.
 */
export const riskCommand: Command = async (args, io) => {
  // The store mode needs DuckDB and the config; the stream mode stays light for its start-up time.
  if (args.includes('--from-store')) return (await import('../runtime/risk-from-store')).riskFromStoreCommand(args, io);
  let options: RiskArgs;
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const initial = options.modelPath === undefined ? undefined : riskModelFromArtifact(JSON.parse(readFileSync(options.modelPath, 'utf8')));
  const scorer = new OnlineRiskScorer(
    {
      ...DEFAULT_ONLINE_RISK_OPTIONS,
      retrainEveryMs: options.retrainHours === 0 ? Number.POSITIVE_INFINITY : options.retrainHours * 3_600_000,
      minHistoryForModel: options.minHistory,
      minTrainingFailures: options.minTrainingFailures,
    },
    mulberry32(options.seed),
    initial,
  );
  const out = new BufferedLineWriter(io.stdout);
  let lineNumber = 0;
  for await (const line of chunkedLines(io.stdin)) {
    lineNumber += 1;
    let text: string | undefined;
    try {
      const event = parseRunLine(line);
      if (event.type === 'start') text = formatPrediction(scorer.start(event));
      else scorer.outcome(event);
    } catch (error) {
      text = errorLine(lineNumber, error);
    }
    if (text !== undefined) {
      const waiting = out.line(text);
      if (waiting) await waiting;
    }
  }
  await out.flush();
  const last = scorer.retrains[scorer.retrains.length - 1];
  if (options.saveModelPath !== undefined) {
    if (!last) {
      io.stderr.write('no model was trained on this stream (too few failures); nothing saved\n');
      return 1;
    }
    const iso = (millis: number): string | null => (Number.isFinite(millis) ? new Date(millis).toISOString() : null);
    const artifact = riskArtifactOf(last.trained, scorer.layout, {
      createdAt: systemClock.now().toISOString(),
      trainingWindow: { from: iso(last.trained.window.from), to: iso(last.trained.window.to) },
      seed: options.seed,
      options: DEFAULT_ONLINE_RISK_OPTIONS.gbdt,
    });
    writeFileSync(options.saveModelPath, JSON.stringify(artifact));
  }
  return 0;
};
