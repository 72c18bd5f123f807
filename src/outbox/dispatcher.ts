import { prepareInvitationMails } from '../domain/mail/prepare-invitation-mail.js';
import { newTicket } from '../domain/random.js';
import { deliverInvitation, type DeliveryContext } from './deliver-invitation.js';

export interface DispatcherOptions {
  pollIntervalMs: number;
  leaseMs: number;
  concurrency: number;
  /**
   * True while the API in this process is busy (request-rate.ts): then at most
   * one mail is in flight, so delivery yields to requests.
   */
  apiBusy?: () => boolean;
}

export interface DispatcherLog {
  warn(detail: object, message: string): void;
}

/**
 * Delivers the outbox: claims due rows (a batch at a time, for this process alone), sends up to
 * `concurrency` at once, and records each outcome. It wakes at once when nudged (an invitation in
 * this process just committed) and otherwise polls, which is how it sees rows written by other
 * processes and retries falling due. `stop()` claims nothing more and waits for the sends in flight.
 * Delivery is at least once: a sender that dies mid-send leaves its rows `sending` until their lease
 * runs out, then any dispatcher sends them again with the same Message-ID.
 */
export class Dispatcher {
  private readonly inFlight = new Set<Promise<unknown>>();
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private nudged = false;

  constructor(
    private readonly ctx: DeliveryContext,
    private readonly options: DispatcherOptions,
    private readonly log: DispatcherLog = { warn: () => undefined },
  ) {}

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Tells a running dispatcher that mail was queued; a no-op when it is not running. */
  nudge = (): void => {
    this.nudged = true;
    this.wake?.();
  };

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const concurrency = this.options.apiBusy?.() ? 1 : this.options.concurrency;
      const batch = Math.max(1, concurrency >> 1);
      const free = Math.max(0, concurrency - this.inFlight.size);
      // Claim in batches: with slots busy, wait until half are free rather than claim row by row.
      if (free > 0 && (free >= batch || this.inFlight.size === 0)) {
        this.nudged = false;
        const claimed = await this.claim(free);
        if (this.stopping) break;
        if (claimed < free) {
          await this.sleep('nudge');
          continue;
        }
      }
      // Every free slot was filled (more may be due) or too few are free: go on when a send ends.
      await this.sleep('slot');
    }
    await Promise.allSettled([...this.inFlight]);
  }

  private async claim(limit: number): Promise<number> {
    const token = newTicket();
    const now = this.ctx.clock.now();
    let rows;
    try {
      rows = await this.ctx.store.transact((r) => r.outbox.claim(
        now.toISOString(), new Date(now.getTime() + this.options.leaseMs).toISOString(), token, limit));
    } catch (err) {
      this.log.warn({ err }, 'outbox: could not claim mail; will try again');
      return 0;
    }
    // The batch is prepared together (a few queries a tenant); each send starts when it is ready.
    const prepared = prepareInvitationMails(this.ctx, rows);
    rows.forEach((row, k) => {
      const p = deliverInvitation(this.ctx, row, token, prepared.then((all) => all[k]))
        .catch((err: unknown) => this.log.warn({ err, outboxId: row.id }, 'outbox: could not record a delivery; the row is retried after its lease'))
        .finally(() => {
          this.inFlight.delete(p);
          this.wake?.();
        });
      this.inFlight.add(p);
    });
    return rows.length;
  }

  /** Sleeps one poll interval; stop, a nudge (`nudge`) or a finished send (`slot`) ends it early. */
  private sleep(until: 'nudge' | 'slot'): Promise<void> {
    if (this.stopping || (until === 'nudge' && this.nudged)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollIntervalMs);
      this.wake = until === 'slot' ? done : () => {
        if (this.nudged || this.stopping) done();
      };
    });
  }
}
