import type { RandomSource } from '../ports/random';
import { ExampleBuffer } from './example-buffer';
import { extractFeatures, FeatureLayout } from './features';
import { DEFAULT_GBDT_OPTIONS, type GbdtOptions } from './gbdt/train-gbdt';
import { heuristicRisk } from './heuristic';
import { RiskHistory } from './history/risk-history';
import type { RiskFactor, RiskModel } from './model/risk-model';
import { trainRiskModel, type TrainedRisk } from './model/train-risk-model';
import { OnlineCorrection } from './online-correction';
import type { RunOutcome, RunStart } from './run-events';

export interface RiskPrediction {
  pipelineId: string;
  runId: string;
  failureProbability: number;
  factors: RiskFactor[];
  /** `heuristic`, or the model version that scored the run. */
  model: string;
}

export interface OnlineRiskOptions {
  /** Retrain when this much stream time has passed since the last training (the scheduled train job). */
  retrainEveryMs: number;
  /** No model is trained before the buffer holds this many failures. */
  minTrainingFailures: number;
  /** Pipelines with fewer known outcomes than this get the heuristic even when a model exists. */
  minHistoryForModel: number;
  bufferCapacity: number;
  /** Share of succeeded runs kept as training examples. */
  successKeepRate: number;
  calibrationTail: number;
  topFactors: number;
  /** Learning rates of the per-pipeline and per-context-value log-odds corrections (0 = off). */
  pipelineCorrectionRate: number;
  contextCorrectionRate: number;
  gbdt: GbdtOptions;
}

export const DEFAULT_ONLINE_RISK_OPTIONS: OnlineRiskOptions = {
  retrainEveryMs: 86_400_000,
  minTrainingFailures: 200,
  minHistoryForModel: 0,
  bufferCapacity: 40_000,
  successKeepRate: 0.1,
  calibrationTail: 0.2,
  topFactors: 5,
  pipelineCorrectionRate: 0.2,
  contextCorrectionRate: 0.05,
  gbdt: DEFAULT_GBDT_OPTIONS,
};

export interface RetrainReport {
  version: string;
  at: number;
  trained: TrainedRisk;
}

/**
 * Failure risk on a run stream, as the deployed service computes it: each start is scored from the
 * history recorded before it (then remembered with its feature vector); each outcome updates the
 * histories and becomes a training example; the model is retrained on the buffer on a schedule in
 * stream time. A run's outcome can only reach predictions of runs that start after it has ended.
 */
interface StartMemory {
  vector: Float32Array;
  /** The probability the model side gave at start (the heuristic's are not corrected). */
  modelProbability: number | undefined;
  contextKeys: string[];
}

const CORRECTION_SHRINK_ON_RETRAIN = 0.5;

export class OnlineRiskScorer {
  readonly history = new RiskHistory<StartMemory>();
  private readonly pipelineCorrection: OnlineCorrection;
  private readonly contextCorrection: OnlineCorrection;
  readonly layout: FeatureLayout;
  private readonly buffer: ExampleBuffer;
  private model: RiskModel | undefined;
  private lastTrainedAt = Number.NaN;
  private trainings = 0;
  private scratch: Float32Array;
  readonly retrains: RetrainReport[] = [];

  constructor(
    private readonly options: OnlineRiskOptions,
    private readonly random: RandomSource,
    initial?: { model: RiskModel; layout: FeatureLayout },
  ) {
    this.layout = initial?.layout ?? new FeatureLayout();
    this.model = initial?.model;
    this.buffer = new ExampleBuffer(options.bufferCapacity, options.successKeepRate, random);
    this.pipelineCorrection = new OnlineCorrection(options.pipelineCorrectionRate);
    this.contextCorrection = new OnlineCorrection(options.contextCorrectionRate);
    this.scratch = new Float32Array(this.layout.width);
  }

  get currentModel(): RiskModel | undefined {
    return this.model;
  }

  /** Scores a start from what came before it, then records the start. */
  start(start: RunStart): RiskPrediction {
    this.layout.observe(start);
    const prediction = this.score(start);
    const vector = new Float32Array(this.scratch.subarray(0, this.layout.width));
    const contextKeys = start.context ? Object.keys(start.context).map((key) => contextKeyOf(key, start.context?.[key] as string)) : [];
    const modelProbability = prediction.model === 'heuristic' ? undefined : prediction.failureProbability;
    this.history.recordStart(start, { vector, modelProbability, contextKeys });
    return prediction;
  }

  /** Scores a start without recording it (a preflight check for a run that may never start). */
  score(start: RunStart): RiskPrediction {
    if (this.scratch.length < this.layout.width) this.scratch = new Float32Array(this.layout.width);
    const vector = extractFeatures(this.layout, this.history, start, this.scratch);
    const pipeline = this.history.pipeline(start.pipelineId);
    const known = pipeline ? pipeline.outcomes : 0;
    if (this.model && known >= this.options.minHistoryForModel) {
      const { failureProbability, factors } = this.model.predict(vector, this.options.topFactors);
      const shift = this.correctionOf(start);
      if (shift === 0) return { pipelineId: start.pipelineId, runId: start.runId, failureProbability, factors, model: this.model.version };
      const corrected = sigmoid(logit(failureProbability) + shift);
      const withCorrection = [...factors, { name: 'recentErrorsOfThisPipeline', contribution: corrected - failureProbability }]
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
        .slice(0, this.options.topFactors);
      return { pipelineId: start.pipelineId, runId: start.runId, failureProbability: corrected, factors: withCorrection, model: this.model.version };
    }
    const estimate = heuristicRisk({
      pipeline,
      contexts: this.history.contextHistories(start.context, this.layout.contextKeys),
      overall: this.history.overall,
      features: start.features,
      at: start.at,
    });
    const factors = [...estimate.factors]
      .filter((factor) => factor.contribution > 0)
      .sort((a, b) => b.contribution - a.contribution)
      .slice(0, this.options.topFactors);
    return { pipelineId: start.pipelineId, runId: start.runId, failureProbability: estimate.failureProbability, factors, model: 'heuristic' };
  }

  /** Learns from an outcome; retrains when the schedule says so. Returns the retraining it caused, if any. */
  outcome(outcome: RunOutcome): RetrainReport | undefined {
    const started = this.history.recordOutcome(outcome);
    if (started && outcome.status !== 'cancelled') {
      const failed = outcome.status === 'failed';
      this.buffer.add(started.payload.vector, failed, started.startedAt);
      const predicted = started.payload.modelProbability;
      if (predicted !== undefined) {
        this.pipelineCorrection.learn(outcome.pipelineId, predicted, failed);
        for (const key of started.payload.contextKeys) this.contextCorrection.learn(key, predicted, failed);
      }
    }
    if (Number.isNaN(this.lastTrainedAt)) this.lastTrainedAt = outcome.at;
    if (outcome.at - this.lastTrainedAt >= this.options.retrainEveryMs && this.buffer.failures >= this.options.minTrainingFailures) {
      return this.retrain(outcome.at);
    }
    return undefined;
  }

  retrain(at: number): RetrainReport {
    this.trainings += 1;
    const version = `gbdt-v${this.trainings}`;
    const trained = trainRiskModel(
      this.buffer.snapshot(),
      [...this.layout.names],
      { gbdt: this.options.gbdt, calibrationTail: this.options.calibrationTail },
      this.random,
      version,
    );
    this.model = trained.model;
    this.lastTrainedAt = at;
    this.pipelineCorrection.shrink(CORRECTION_SHRINK_ON_RETRAIN);
    this.contextCorrection.shrink(CORRECTION_SHRINK_ON_RETRAIN);
    const report = { version, at, trained };
    this.retrains.push(report);
    return report;
  }

  private correctionOf(start: RunStart): number {
    let shift = this.pipelineCorrection.shift(start.pipelineId);
    if (start.context) for (const key in start.context) shift += this.contextCorrection.shift(contextKeyOf(key, start.context[key] as string));
    return shift;
  }

  get trainingBuffer(): ExampleBuffer {
    return this.buffer;
  }
}

function contextKeyOf(key: string, value: string): string {
  return `${key}=${value}`;
}

function logit(p: number): number {
  const clamped = p < 1e-9 ? 1e-9 : p > 1 - 1e-9 ? 1 - 1e-9 : p;
  return Math.log(clamped / (1 - clamped));
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
