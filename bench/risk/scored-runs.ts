import { brierScore, precisionAtK, rocAuc } from '../../shared/src/core/risk/metrics';

export interface ScoreSummary {
  auc: number;
  brier: number;
  precisionAt: Record<number, number>;
}

/** Predictions of the scored runs (one row per run that ended succeeded or failed), by predictor. */
export class ScoredRuns {
  readonly labels: number[] = [];
  readonly days: number[] = [];
  readonly scores = new Map<string, number[]>();

  add(day: number, failed: boolean, predictions: Record<string, number>): void {
    this.labels.push(failed ? 1 : 0);
    this.days.push(day);
    for (const [name, value] of Object.entries(predictions)) {
      let list = this.scores.get(name);
      if (!list) {
        list = [];
        this.scores.set(name, list);
      }
      list.push(value);
    }
  }

  summary(name: string, ks: readonly number[]): ScoreSummary {
    const scores = this.scores.get(name) ?? [];
    const precisionAt: Record<number, number> = {};
    for (const k of ks) precisionAt[k] = precisionAtK(scores, this.labels, k);
    return { auc: rocAuc(scores, this.labels), brier: brierScore(scores, this.labels), precisionAt };
  }

  /** Precision@k within each day: what an on-call engineer looking at the day's k riskiest runs sees. */
  perDay(name: string, k: number): Map<number, { runs: number; failures: number; precision: number }> {
    const scores = this.scores.get(name) ?? [];
    const byDay = new Map<number, number[]>();
    this.days.forEach((day, i) => {
      const list = byDay.get(day) ?? [];
      list.push(i);
      byDay.set(day, list);
    });
    const out = new Map<number, { runs: number; failures: number; precision: number }>();
    for (const [day, rows] of [...byDay].sort((a, b) => a[0] - b[0])) {
      const dayScores = rows.map((i) => scores[i] as number);
      const dayLabels = rows.map((i) => this.labels[i] as number);
      out.set(day, { runs: rows.length, failures: dayLabels.reduce((a, b) => a + b, 0), precision: precisionAtK(dayScores, dayLabels, k) });
    }
    return out;
  }
}
