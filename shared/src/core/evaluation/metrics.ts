export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  perClass: ClassScores[];
}

/**
 * Per-class precision/recall/F1 and their unweighted mean, as scikit-learn's f1_score(average='macro')
 * computes it over the labels given (a class with no support and no predictions is left out).
 */
export function classificationReport(truth: readonly string[], predicted: readonly string[], labels?: readonly string[]): ClassificationReport {
  if (truth.length !== predicted.length) throw new RangeError(`${truth.length} labels but ${predicted.length} predictions`);
  const classes = labels ?? [...new Set([...truth, ...predicted])].sort();
  const perClass: ClassScores[] = [];
  let correct = 0;
  truth.forEach((label, i) => {
    if (label === predicted[i]) correct += 1;
  });
  for (const label of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((actual, i) => {
      const guess = predicted[i];
      if (guess === label && actual === label) tp += 1;
      else if (guess === label) fp += 1;
      else if (actual === label) fn += 1;
    });
    if (tp + fp + fn === 0) continue;
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass.push({ label, precision, recall, f1, support: tp + fn });
  }
  const macroF1 = perClass.length === 0 ? 0 : perClass.reduce((sum, item) => sum + item.f1, 0) / perClass.length;
  return { accuracy: truth.length === 0 ? 0 : correct / truth.length, macroF1, perClass };
}

/** Stratified k-fold assignment: each class's examples dealt round-robin after a seeded shuffle. */
export function stratifiedFolds(labels: readonly string[], folds: number, random: () => number): Int32Array {
  const assignment = new Int32Array(labels.length);
  const byClass = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const members = byClass.get(label) ?? [];
    members.push(i);
    byClass.set(label, members);
  });
  let offset = 0;
  for (const label of [...byClass.keys()].sort()) {
    const members = byClass.get(label) as number[];
    for (let i = members.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j] as number, members[i] as number];
    }
    members.forEach((example, position) => {
      assignment[example] = (position + offset) % folds;
    });
    offset += members.length;
  }
  return assignment;
}
