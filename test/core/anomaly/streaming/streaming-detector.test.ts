import { StreamingDetector, StreamingInputError, type StreamingPoint, type StreamingScore } from '../../../../shared/src/core/anomaly/streaming';
import { FIVE_MINUTES, gaussian, indexAt, officeHours, series } from './series-fixtures';

function run(detector: StreamingDetector, points: StreamingPoint[]): StreamingScore[] {
  return points.map((point) => detector.update(point));
}

describe('StreamingDetector', () => {
  it('scores a point from it and the points before it only: later points never change earlier scores', () => {
    const noise = gaussian(7);
    const points = series(3000, (i, hour) => 50 + 20 * Math.sin((hour / 24) * 2 * Math.PI) + 3 * noise() + (i === 1500 ? 200 : 0));
    const full = run(new StreamingDetector(), points);
    const prefix = run(new StreamingDetector(), points.slice(0, 1600));
    const otherFuture = run(new StreamingDetector(), [...points.slice(0, 1600), ...series(400, () => 1e6).map((p, i) => ({ ...p, timestampMs: points[1599]!.timestampMs + (i + 1) * FIVE_MINUTES }))]);
    expect(prefix).toEqual(full.slice(0, 1600));
    expect(otherFuture.slice(0, 1600)).toEqual(full.slice(0, 1600));
  });

  it('learns a daily pattern: the daily rise stops being anomalous, the same value at an unusual hour is', () => {
    const points = officeHours(11, 10);
    const detector = new StreamingDetector();
    const scores = run(detector, points);
    // After a week, the 09:00 rise from 10 to 100 is expected at 09:00 every day.
    const day8Rise = scores.slice(indexAt(8, 9), indexAt(8, 10));
    expect(day8Rise.every((s) => !s.isAnomaly)).toBe(true);
    expect(Math.max(...day8Rise.map((s) => s.score))).toBeLessThan(0.3);

    // The same busy-hours value at 03:00, inside the range already seen, is judged against 03:00's profile.
    const night = detector.update({ timestampMs: points[points.length - 1]!.timestampMs + indexAt(0, 3) * FIVE_MINUTES + 3 * 3_600_000, value: 100 });
    expect(night.isAnomaly).toBe(true);
    expect(night.score).toBeGreaterThanOrEqual(detector.config.threshold);
    expect(night.reasons[0]).toMatch(/^value 100 vs expected (8|9|10)(\.\d+)?±[\d.]+ at 0[3-6]:[0-5]0-0[3-6]:[0-5]0 UTC over the last \d+ days \([\d.]+σ\)$/);
  });

  it('flags a spike in a noisy non-seasonal series, naming the recent level it broke from', () => {
    const noise = gaussian(3);
    const points = series(1200, (i) => 50 + 2 * noise() + (i === 1000 ? 75 : 0));
    const scores = run(new StreamingDetector(), points);
    expect(scores[1000]!.isAnomaly).toBe(true);
    expect(scores[1000]!.reasons.join('\n')).toMatch(/value 12\d(\.\d+)? vs (recent level|expected) 5\d(\.\d+)?±/);
    // Ordinary noise raises no alarm; the only other alarms allowed are values beyond everything seen so far.
    const otherAlarms = scores.slice(0, 1000).filter((s) => s.isAnomaly);
    expect(otherAlarms.every((s) => s.reasons.some((reason) => reason.includes('outside everything seen')))).toBe(true);
    expect(otherAlarms.length).toBeLessThanOrEqual(2);
  });

  it('flags a sustained level shift once, then holds further alarms for the suppression period', () => {
    const noise = gaussian(5);
    const points = series(1400, (i) => (i < 1000 ? 50 : 65) + 2 * noise());
    const detector = new StreamingDetector();
    const scores = run(detector, points);
    const alarms = scores.map((s, i) => (s.isAnomaly ? i : -1)).filter((i) => i >= 0);
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    expect(alarms[0]).toBeGreaterThanOrEqual(1000);
    expect(alarms[0]).toBeLessThan(1020);
    expect(alarms.filter((i) => i > alarms[0]! && i <= alarms[0]! + detector.config.suppressionPoints)).toHaveLength(0);
    expect(scores[alarms[0]!]!.reasons.length).toBeGreaterThan(0);
  });

  it('stays quiet on a flat line and alarms when it moves', () => {
    const points = series(800, (i) => (i < 700 ? 42 : 43));
    const scores = run(new StreamingDetector(), points);
    expect(scores.slice(0, 700).some((s) => s.isAnomaly)).toBe(false);
    expect(scores[700]!.isAnomaly).toBe(true);
    expect(scores[700]!.reasons[0]).toMatch(/^value 43 vs recent level 42±/);
  });

  it('continues identically after toState -> JSON -> fromState, and the state does not grow with the series', () => {
    const points = officeHours(13, 6);
    const straight = run(new StreamingDetector(), points);
    const first = new StreamingDetector();
    run(first, points.slice(0, 900));
    const stored = JSON.stringify(first.toState());
    const resumed = StreamingDetector.fromState(JSON.parse(stored));
    expect(run(resumed, points.slice(900))).toEqual(straight.slice(900));

    const longer = new StreamingDetector();
    run(longer, officeHours(17, 30));
    expect(JSON.stringify(longer.toState()).length).toBeLessThan(8_000);
    expect(stored.length).toBeLessThan(8_000);
  });

  it('refuses a non-finite value or timestamp with a typed error and carries on as if it never came', () => {
    const points = officeHours(19, 2);
    const clean = new StreamingDetector();
    const withBad = new StreamingDetector();
    run(clean, points.slice(0, 400));
    run(withBad, points.slice(0, 400));
    for (const bad of [{ timestampMs: points[400]!.timestampMs, value: Number.NaN }, { timestampMs: Number.POSITIVE_INFINITY, value: 3 }]) {
      let thrown: unknown;
      try {
        withBad.update(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(StreamingInputError);
    }
    expect(() => withBad.update({ timestampMs: 1, value: Number.POSITIVE_INFINITY })).toThrow(expect.objectContaining({ code: 'non_finite_value' }));
    expect(run(withBad, points.slice(400))).toEqual(run(clean, points.slice(400)));
  });

  it('scores a point whose timestamp goes back at the previous time, with a warning', () => {
    const detector = new StreamingDetector();
    const points = officeHours(23, 1);
    run(detector, points.slice(0, 100));
    const result = detector.update({ timestampMs: points[10]!.timestampMs, value: 10 });
    expect(result.warning?.code).toBe('out_of_order');
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(detector.toState().lastTimestampMs).toBe(points[99]!.timestampMs);
  });

  it('rejects a malformed stored state naming what is wrong', () => {
    const state = new StreamingDetector().toState();
    expect(() => StreamingDetector.fromState({ ...state, kind: 'other' })).toThrow(/kind must be/);
    expect(() => StreamingDetector.fromState({ ...state, seasonal: { ...state.seasonal, offsets: [1] } })).toThrow(/seasonal.offsets/);
    expect(() => StreamingDetector.fromState({ ...state, count: 'x' })).toThrow(/count must be a finite number/);
    expect(() => new StreamingDetector({ levelAlpha: 2 })).toThrow(/config.levelAlpha/);
  });
});
