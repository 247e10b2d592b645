import { applyTemperature, expectedCalibrationError, fitTemperature } from '../../../shared/src/core/calibration/calibration';

describe('calibration', () => {
  it('temperature above 1 softens and below 1 sharpens a distribution, keeping the argmax', () => {
    const p = [0.7, 0.2, 0.1];
    const soft = applyTemperature(p, 2);
    const sharp = applyTemperature(p, 0.5);
    expect(soft[0]).toBeLessThan(0.7);
    expect(sharp[0]).toBeGreaterThan(0.7);
    expect(soft.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('fits a temperature above 1 for an overconfident model that is right 60% of the time', () => {
    const probabilities: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      probabilities.push([0.97, 0.02, 0.01]);
      labels.push(i % 10 < 6 ? 0 : 1);
    }
    const temperature = fitTemperature(probabilities, labels);
    expect(temperature).toBeGreaterThan(1.5);
    const calibrated = applyTemperature(probabilities[0] as number[], temperature);
    expect(calibrated[0]).toBeGreaterThan(0.5);
    expect(calibrated[0]).toBeLessThan(0.7);
  });

  it('computes ECE as the bin-weighted gap between confidence and accuracy', () => {
    // Two bins: 0.95 confidence right half the time (gap .45), 0.55 confidence always right (gap .45).
    const confidences = [0.95, 0.95, 0.55, 0.55];
    const correct = [true, false, true, true];
    expect(expectedCalibrationError(confidences, correct)).toBeCloseTo(0.45, 10);
    expect(expectedCalibrationError([0.8, 0.8, 0.8, 0.8, 0.8], [true, true, true, true, false])).toBeCloseTo(0, 10);
  });
});
