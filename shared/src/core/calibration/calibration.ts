/**
 * Temperature scaling (Guo et al., 2017): one parameter that softens or sharpens a probability
 * vector. Fitted on out-of-fold predictions so the reported confidence matches observed accuracy.
 */
export function applyTemperature(probabilities: ArrayLike<number>, temperature: number): Float64Array {
  const out = new Float64Array(probabilities.length);
  let total = 0;
  for (let i = 0; i < probabilities.length; i += 1) {
    const value = Math.pow(Math.max(probabilities[i] as number, 1e-12), 1 / temperature);
    out[i] = value;
    total += value;
  }
  for (let i = 0; i < out.length; i += 1) out[i] = (out[i] as number) / total;
  return out;
}

function negativeLogLikelihood(probabilities: readonly ArrayLike<number>[], labels: readonly number[], temperature: number): number {
  let sum = 0;
  probabilities.forEach((row, index) => {
    const scaled = applyTemperature(row, temperature);
    sum -= Math.log(Math.max(scaled[labels[index] as number] as number, 1e-12));
  });
  return sum / Math.max(1, probabilities.length);
}

/** Golden-section search on log T in [0.05, 20]: NLL in T is unimodal for this family. */
export function fitTemperature(probabilities: readonly ArrayLike<number>[], labels: readonly number[]): number {
  if (probabilities.length === 0) return 1;
  let low = Math.log(0.05);
  let high = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let fa = negativeLogLikelihood(probabilities, labels, Math.exp(a));
  let fb = negativeLogLikelihood(probabilities, labels, Math.exp(b));
  for (let iteration = 0; iteration < 60; iteration += 1) {
    if (fa < fb) {
      high = b;
      b = a;
      fb = fa;
      a = high - ratio * (high - low);
      fa = negativeLogLikelihood(probabilities, labels, Math.exp(a));
    } else {
      low = a;
      a = b;
      fa = fb;
      b = low + ratio * (high - low);
      fb = negativeLogLikelihood(probabilities, labels, Math.exp(b));
    }
  }
  return Math.exp((low + high) / 2);
}

/** Expected calibration error with equal-width confidence bins (the usual 10-bin ECE). */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], bins = 10): number {
  const count = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  confidences.forEach((confidence, index) => {
    const bin = Math.min(bins - 1, Math.floor(confidence * bins));
    count[bin] = (count[bin] as number) + 1;
    confidenceSum[bin] = (confidenceSum[bin] as number) + confidence;
    if (correct[index]) correctSum[bin] = (correctSum[bin] as number) + 1;
  });
  let ece = 0;
  for (let bin = 0; bin < bins; bin += 1) {
    const n = count[bin] as number;
    if (n === 0) continue;
    ece += (n / confidences.length) * Math.abs((correctSum[bin] as number) / n - (confidenceSum[bin] as number) / n);
  }
  return ece;
}
