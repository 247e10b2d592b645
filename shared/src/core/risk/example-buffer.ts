import type { RandomSource } from '../ports/random';
import type { RiskExamples } from './model/train-risk-model';

/**
 * The most recent ended runs as training examples (features as of their start, label = failed),
 * bounded: every failure is kept, successes with probability keepRate and weight 1/keepRate, so
 * memory stays flat on a long stream while the rare class keeps all its evidence.
 */
export class ExampleBuffer {
  private readonly vectors: Float32Array[] = [];
  private readonly labels: Uint8Array;
  private readonly weights: Float32Array;
  private readonly startedAt: Float64Array;
  private next = 0;
  private size = 0;
  failures = 0;

  constructor(
    readonly capacity: number,
    private readonly keepRate: number,
    private readonly random: RandomSource,
  ) {
    this.labels = new Uint8Array(capacity);
    this.weights = new Float32Array(capacity);
    this.startedAt = new Float64Array(capacity);
  }

  add(vector: Float32Array, failed: boolean, startedAt: number): void {
    if (!failed && this.keepRate < 1 && this.random() >= this.keepRate) return;
    const slot = this.next % this.capacity;
    if (this.size === this.capacity && this.labels[slot] === 1) this.failures -= 1;
    this.vectors[slot] = vector;
    this.labels[slot] = failed ? 1 : 0;
    this.weights[slot] = failed ? 1 : 1 / this.keepRate;
    this.startedAt[slot] = startedAt;
    if (failed) this.failures += 1;
    this.next += 1;
    if (this.size < this.capacity) this.size += 1;
  }

  get count(): number {
    return this.size;
  }

  /** The kept examples, oldest first. */
  snapshot(): RiskExamples {
    const vectors: Float32Array[] = new Array<Float32Array>(this.size);
    const labels = new Uint8Array(this.size);
    const weights = new Float32Array(this.size);
    const startedAt = new Float64Array(this.size);
    const first = this.size < this.capacity ? 0 : this.next % this.capacity;
    for (let i = 0; i < this.size; i += 1) {
      const slot = (first + i) % this.capacity;
      vectors[i] = this.vectors[slot] as Float32Array;
      labels[i] = this.labels[slot] as number;
      weights[i] = this.weights[slot] as number;
      startedAt[i] = this.startedAt[slot] as number;
    }
    return { vectors, labels, weights, startedAt, count: this.size };
  }
}
