import { GbdtModel } from '../gbdt/gbdt-model';
import { applyPlatt, type PlattScaling } from './platt';

export interface RiskFactor {
  name: string;
  /** Probability points this factor moved the prediction by (factors share p − the model's baseline). */
  contribution: number;
}

export interface ModelPrediction {
  failureProbability: number;
  factors: RiskFactor[];
}

/** A trained risk model: boosted trees on log-odds, Platt-calibrated, explaining with named factors. */
export class RiskModel {
  private readonly contributions: Float64Array;

  constructor(
    readonly version: string,
    readonly gbdt: GbdtModel,
    readonly calibration: PlattScaling,
    readonly featureNames: readonly string[],
  ) {
    this.contributions = new Float64Array(gbdt.featureCount);
  }

  probability(x: ArrayLike<number>): number {
    return applyPlatt(this.calibration, this.gbdt.margin(x));
  }

  /**
   * Probability and the top factors. Saabas contributions are in log-odds; they are rescaled in
   * proportion so they add up to the calibrated probability minus the calibrated baseline.
   */
  predict(x: ArrayLike<number>, topFactors: number): ModelPrediction {
    const out = this.contributions;
    out.fill(0);
    const bias = this.gbdt.contributions(x, out);
    let margin = bias;
    for (let f = 0; f < out.length; f += 1) margin += out[f] as number;
    const failureProbability = applyPlatt(this.calibration, margin);
    const baseline = applyPlatt(this.calibration, bias);
    const scale = margin === bias ? 0 : (failureProbability - baseline) / (margin - bias);
    const factors: RiskFactor[] = [];
    for (let k = 0; k < topFactors; k += 1) {
      let best = -1;
      let bestSize = 1e-12;
      for (let f = 0; f < out.length; f += 1) {
        const size = Math.abs(out[f] as number);
        if (size > bestSize) {
          best = f;
          bestSize = size;
        }
      }
      if (best < 0) break;
      factors.push({ name: this.featureNames[best] ?? `feature${best}`, contribution: (out[best] as number) * scale });
      out[best] = 0;
    }
    return { failureProbability, factors };
  }
}
