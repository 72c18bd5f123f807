import type { Clock } from '../../src/domain/clock.js';

/** A clock the test moves by hand (code expiry, throttles); starts at the real time. */
export class ManualClock implements Clock {
  private at = Date.now();
  now(): Date { return new Date(this.at); }
  advance(ms: number): void { this.at += ms; }
}
