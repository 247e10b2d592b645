/** p = sigmoid(slope × margin + intercept), fitted on held-out data. */
export interface PlattScaling {
  slope: number;
  intercept: number;
}

export const IDENTITY_SCALING: PlattScaling = { slope: 1, intercept: 0 };

export function applyPlatt(scaling: PlattScaling, margin: number): number {
  return 1 / (1 + Math.exp(-(scaling.slope * margin + scaling.intercept)));
}

/**
 * Platt scaling by Newton's method on the weighted log loss (Platt 1999, with Lin et al.'s smoothed
 * targets so a tail without failures cannot push the slope to infinity). Monotone, so it keeps the
 * ranking (ROC-AUC) of the raw model and only fixes the probabilities.
 */
export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>, weights?: ArrayLike<number>): PlattScaling {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < margins.length; i += 1) {
    const w = weights ? (weights[i] as number) : 1;
    if (labels[i] === 1) positives += w;
    else negatives += w;
  }
  if (positives === 0 || negatives === 0) return IDENTITY_SCALING;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const loss = (a: number, b: number): number => {
    let sum = 0;
    for (let i = 0; i < margins.length; i += 1) {
      const w = weights ? (weights[i] as number) : 1;
      const target = labels[i] === 1 ? high : low;
      const z = a * (margins[i] as number) + b;
      // log(1 + e^z) − target·z, computed without overflow.
      sum += w * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - target * z);
    }
    return sum;
  };
  let slope = 0;
  let intercept = Math.log((negatives + 1) / (positives + 1)) * -1;
  let current = loss(slope, intercept);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let gA = 0;
    let gB = 0;
    let hAA = 1e-12;
    let hAB = 0;
    let hBB = 1e-12;
    for (let i = 0; i < margins.length; i += 1) {
      const m = margins[i] as number;
      const w = weights ? (weights[i] as number) : 1;
      const target = labels[i] === 1 ? high : low;
      const p = 1 / (1 + Math.exp(-(slope * m + intercept)));
      const d = (p - target) * w;
      const h = Math.max(p * (1 - p), 1e-12) * w;
      gA += d * m;
      gB += d;
      hAA += h * m * m;
      hAB += h * m;
      hBB += h;
    }
    if (Math.abs(gA) < 1e-9 && Math.abs(gB) < 1e-9) break;
    const det = hAA * hBB - hAB * hAB;
    if (!(Math.abs(det) > 1e-18)) break;
    const stepA = (hBB * gA - hAB * gB) / det;
    const stepB = (hAA * gB - hAB * gA) / det;
    // Backtracking line search (Lin, Lin & Weng 2007): a full Newton step can overshoot.
    let size = 1;
    let improved = false;
    while (size >= 1e-8) {
      const nextA = slope - size * stepA;
      const nextB = intercept - size * stepB;
      const next = loss(nextA, nextB);
      if (next < current + 1e-4 * size * (gA * -stepA + gB * -stepB)) {
        slope = nextA;
        intercept = nextB;
        improved = Math.abs(current - next) > 1e-12 * Math.max(1, Math.abs(current));
        current = next;
        break;
      }
      size /= 2;
    }
    if (!improved) break;
  }
  return { slope, intercept };
}
