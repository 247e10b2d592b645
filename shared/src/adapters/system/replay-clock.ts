import type { Clock } from '../../core/ports/clock';

/**
 * Time as the replayed log saw it: each record moves the clock to its own timestamp (never
 * backwards), so decisions, deadlines and time-to-recover follow the incident's timeline rather than
 * the second the replay happened to run.
 */
export class ReplayClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  advanceTo(timestamp: string | undefined): void {
    if (timestamp === undefined) return;
    const time = Date.parse(timestamp);
    if (Number.isFinite(time) && time > this.current) this.current = time;
  }

  now(): Date {
    return new Date(this.current);
  }
}
