/**
 * How busy this process's API is: requests counted in two half-windows, so `busy()` looks at the
 * last `windowMs` to `1.5 × windowMs` without keeping a timestamp per request.
 *
 * The outbox dispatcher in `portico serve` shares the process (and on SQLite the one writer) with
 * the API. Mail is durable in the outbox and may wait seconds; an invitation request is someone
 * waiting now. So while requests arrive faster than `busyPerSecond`, the dispatcher sends only a
 * trickle (dispatcher.ts) and the API keeps its throughput; when they slow, it drains at full speed.
 */
export class RequestRate {
  private current = 0;
  private previous = 0;
  private bucketStart: number;

  constructor(
    private readonly busyPerSecond = 200,
    private readonly windowMs = 500,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bucketStart = now();
  }

  note(): void {
    this.roll();
    this.current++;
  }

  busy(): boolean {
    this.roll();
    const elapsed = this.now() - this.bucketStart + this.windowMs;
    return ((this.previous + this.current) * 1000) / elapsed >= this.busyPerSecond;
  }

  private roll(): void {
    const at = this.now();
    if (at - this.bucketStart < this.windowMs) return;
    // More than a whole window without a request leaves nothing to remember.
    this.previous = at - this.bucketStart < 2 * this.windowMs ? this.current : 0;
    this.current = 0;
    this.bucketStart = at - ((at - this.bucketStart) % this.windowMs);
  }
}
