import type { Writable } from 'node:stream';

/** A one-line progress bar for long replays; silent unless the stream is a terminal. */
export class ProgressBar {
  private lastDrawnPercent = -1;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: Writable,
    private readonly total: number,
    private readonly label: string,
    minimumTotal = 200,
  ) {
    this.enabled = Boolean((stream as Writable & { isTTY?: boolean }).isTTY) && total >= minimumTotal;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const percent = Math.floor((done / this.total) * 100);
    if (percent === this.lastDrawnPercent) return;
    this.lastDrawnPercent = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${done}/${this.total}`);
  }

  finish(): void {
    if (this.enabled) this.stream.write('\n');
  }
}
