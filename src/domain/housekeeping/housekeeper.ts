import type { Clock } from '../clock.js';
import type { Store } from '../ports.js';
import { purgeExpired } from './purge-expired.js';

export interface HousekeeperLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/**
 * Runs the expired-row sweep shortly after start and then every `intervalMs` in each `portico
 * serve`. Several processes on one PostgreSQL may sweep at once: deleting a row twice is harmless.
 * A failed sweep is logged and tried again at the next interval; it never stops the server.
 */
export class Housekeeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: HousekeeperLog,
    private readonly intervalMs = 10 * 60_000,
    private readonly firstDelayMs = 30_000,
  ) {}

  start(): void {
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.sweep().finally(() => {
          this.running = undefined;
          if (this.timer !== undefined) schedule(this.intervalMs);
        });
      }, delay);
      this.timer.unref();
    };
    schedule(this.firstDelayMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const counts = await purgeExpired(this.store, this.clock);
      const removed = Object.values(counts).reduce((a, b) => a + b, 0);
      if (removed > 0) this.log.info({ removed: counts }, 'removed expired sign-in and redemption rows');
    } catch (error) {
      this.log.warn({ err: error }, 'sweeping expired rows failed; trying again later');
    }
  }
}
