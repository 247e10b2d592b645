/** Macro-averaged F1 over the classes that occur in either truth or prediction (scikit-learn's default). */
export function macroF1(truth: readonly string[], predicted: readonly string[]): number {
  const classes = new Set([...truth, ...predicted]);
  let sum = 0;
  for (const label of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i += 1) {
      const isTruth = truth[i] === label;
      const isPredicted = predicted[i] === label;
      if (isTruth && isPredicted) tp += 1;
      else if (isPredicted) fp += 1;
      else if (isTruth) fn += 1;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes.size;
}

/** Collapses every alert category to one: is an alert recognised as an alert at all. */
export function binaryLabels(labels: readonly string[], normal: string): string[] {
  return labels.map((label) => (label === normal ? 'normal' : 'alert'));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
