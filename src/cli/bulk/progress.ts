/** Counts of a running bulk invite, for the progress display. */
export interface Counts {
  done: number;
  total: number;
  failed: number;
  retries: number;
}

const BAR = 24;

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.ceil(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Progress on stderr: on a terminal a bar redrawn in place with rate and ETA; otherwise (a log, a
 * pipe, CI) a plain line every `plainEveryMs`, so logs stay readable.
 */
export class Progress {
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly counts: () => Counts, private readonly write: (text: string) => void, private readonly tty: boolean, private readonly plainEveryMs = 2000) {}

  start(): void {
    this.timer = setInterval(() => this.draw(), this.tty ? 100 : this.plainEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.draw();
    if (this.tty) this.write('\n');
  }

  describe(): string {
    const c = this.counts();
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? c.done / seconds : 0;
    const left = rate > 0 ? (c.total - c.done) / rate : Number.POSITIVE_INFINITY;
    const pct = c.total === 0 ? 100 : Math.floor((c.done / c.total) * 100);
    return `${c.done}/${c.total} (${pct}%) ${rate.toFixed(0)}/s ETA ${eta(left)} failed ${c.failed} retries ${c.retries}`;
  }

  private draw(): void {
    const c = this.counts();
    if (this.tty) {
      const filled = c.total === 0 ? BAR : Math.round((c.done / c.total) * BAR);
      this.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${this.describe()}\x1b[K`);
    } else {
      this.write(`invited ${this.describe()}\n`);
    }
  }
}
