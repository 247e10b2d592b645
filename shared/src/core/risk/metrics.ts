/** ROC-AUC with tied scores counted as half (the Mann-Whitney U statistic); NaN without both classes. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) {
      if (labels[order[k] as number] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i += 1) {
    const d = (probabilities[i] as number) - (labels[i] as number);
    sum += d * d;
  }
  return probabilities.length === 0 ? Number.NaN : sum / probabilities.length;
}

/** Share of failures among the k highest scores (ties broken by position, earliest first). */
export function precisionAtK(scores: ArrayLike<number>, labels: ArrayLike<number>, k: number): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  const top = order.slice(0, Math.min(k, order.length));
  if (top.length === 0) return Number.NaN;
  return top.filter((i) => labels[i] === 1).length / top.length;
}
