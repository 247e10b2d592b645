import { DAY_MS } from './seasonal-predictor';

/** What the detector compared a point against, kept so a reason can be written only when one is needed. */
export interface Judgement {
  value: number;
  baseline: 'daily-profile' | 'recent-level';
  expected: number;
  sigma: number;
  surprise: number;
  slotStartMs: number;
  slotMs: number;
  memoryDays: number;
  memoryPoints: number;
  novelRange: { min: number; max: number; seen: number } | undefined;
  sustained: { average: number; usual: number; spread: number; points: number } | undefined;
}

/** Short human numbers: 912, 0.0421, 1.2e+9; never "912.0000001". */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e7 || magnitude < 1e-3) return value.toExponential(2).replace('e+', 'e');
  return String(Number(value.toPrecision(magnitude >= 100 ? Math.max(3, Math.ceil(Math.log10(magnitude + 1))) : 3)));
}

function clockOf(msIntoDay: number): string {
  const minutes = Math.round(msIntoDay / 60_000) % (24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function describe(judgement: Judgement): string[] {
  const reasons: string[] = [];
  const { value, expected, sigma, surprise } = judgement;
  const band = `${formatNumber(expected)}±${formatNumber(sigma)}`;
  if (judgement.baseline === 'daily-profile') {
    const from = clockOf(judgement.slotStartMs % DAY_MS);
    const to = clockOf((judgement.slotStartMs + judgement.slotMs) % DAY_MS);
    reasons.push(
      `value ${formatNumber(value)} vs expected ${band} at ${from}-${to} UTC over the last ${formatNumber(judgement.memoryDays)} days (${formatNumber(surprise)}σ)`,
    );
  } else {
    reasons.push(`value ${formatNumber(value)} vs recent level ${band} over the last ${judgement.memoryPoints} points (${formatNumber(surprise)}σ)`);
  }
  if (judgement.novelRange !== undefined) {
    const { min, max, seen } = judgement.novelRange;
    reasons.push(`value ${formatNumber(value)} is outside everything seen in ${seen} points (${formatNumber(min)} to ${formatNumber(max)})`);
  }
  if (judgement.sustained !== undefined) {
    const { average, usual, spread, points } = judgement.sustained;
    reasons.push(
      `surprise over the last ${points} points averages ${formatNumber(average)} vs this series' usual ${formatNumber(usual)}±${formatNumber(spread)}`,
    );
  }
  return reasons;
}
