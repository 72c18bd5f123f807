/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives, parsed
 * with `mailparser`, for asserting on delivered mail. It can refuse mail (`respond`), stall
 * (`stall`), and be stopped and started again on the same port to play a mail server that is down.
 *
 *   const sink = await SmtpSink.start();
 *   … run Portico with --smtp sink.url …
 *   const [mail] = await sink.waitFor(1);
 *   await sink.stop();
 */
import { once } from 'node:events';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface Delivery {
  /** Envelope recipients (RCPT TO), lower-cased. */
  rcptTo: string[];
  mailFrom: string;
  parsed: ParsedMail;
}

/** An SMTP refusal: `code` 4xx (try later) or 5xx (permanent). */
export interface Refusal { code: number; message: string }

export class SmtpSink {
  readonly deliveries: Delivery[] = [];
  /** Decides each message's fate; null accepts it with 250. */
  respond: (delivery: Delivery, n: number) => Refusal | null = () => null;
  /** When true, DATA is read but never answered (a server that hangs mid-delivery). */
  stall = false;
  /** How many DATA commands were received, accepted or not. */
  attempts = 0;
  private server: SMTPServer | null = null;

  private constructor(public port: number) {}

  static async start(port = 0): Promise<SmtpSink> {
    const sink = new SmtpSink(port);
    await sink.listen();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Starts listening again on the same port after `stop()`. */
  async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 50, size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => {
        this.attempts++;
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.stall) return;
          void simpleParser(Buffer.concat(chunks)).then((parsed) => {
            const delivery = deliveryOf(session, parsed);
            const refusal = this.respond(delivery, this.attempts);
            if (refusal) {
              callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
              return;
            }
            this.deliveries.push(delivery);
            callback();
          }, (err: Error) => callback(err));
        });
      },
    });
    server.on('error', () => undefined);
    server.listen(this.port, '127.0.0.1');
    await once(server.server, 'listening');
    const address = server.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  /** Waits until at least `n` messages were accepted; returns them all. */
  async waitFor(n: number, timeoutMs = 20_000): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.deliveries.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} mail(s), got ${this.deliveries.length} in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return this.deliveries;
  }

  /** The parsed messages accepted so far, oldest first. */
  get messages(): ParsedMail[] {
    return this.deliveries.map((d) => d.parsed);
  }

  /** The first accepted message (now or within `timeoutMs`) that `match` accepts. */
  async waitForMail(match: (m: ParsedMail) => boolean, timeoutMs = 20_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching mail within ${timeoutMs} ms; got ${this.deliveries.length}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The 8-digit passcode of the first code mail to `address` accepted after the first `after` messages. */
  async passcodeFor(address: string, after = 0): Promise<string> {
    const mail = await this.waitForMail((m) => this.messages.indexOf(m) >= after
      && toAddresses(m).includes(address.toLowerCase()) && /\b\d{8}\b/.test(m.text ?? ''));
    return /\b(\d{8})\b/.exec(mail.text ?? '')?.[1] ?? '';
  }

  /** Stops listening and drops open connections (clients see the server go away). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function deliveryOf(session: SMTPServerSession, parsed: ParsedMail): Delivery {
  return {
    rcptTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
    mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    parsed,
  };
}

/** The To addresses of a parsed message, lower-cased. */
export function toAddresses(m: ParsedMail): string[] {
  const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}
