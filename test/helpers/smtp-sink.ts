import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback in the test process: Portico's mail arrives over SMTP and is
 * parsed with mailparser, so tests assert on what a mail client would show.
 */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly server: SMTPServer, readonly port: number) {}

  static async start(): Promise<SmtpSink> {
    const box: { sink?: SmtpSink } = {};
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => { box.sink?.receive(mail); callback(); }, (err: Error) => callback(err));
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    box.sink = new SmtpSink(server, (server.server.address() as AddressInfo).port);
    return box.sink;
  }

  get url(): string { return `smtp://127.0.0.1:${this.port}`; }

  private receive(mail: ParsedMail): void {
    this.messages.push(mail);
    for (const w of this.waiters.splice(0)) w();
  }

  /** The first message (received so far or later) that `match` accepts. */
  async waitFor(match: (m: ParsedMail) => boolean, timeoutMs = 10_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching mail within ${timeoutMs} ms; got ${this.messages.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** The 8-digit passcode of the newest code mail to `address`. */
  async passcodeFor(address: string, after = 0): Promise<string> {
    const mail = await this.waitFor((m) => this.messages.indexOf(m) >= after && toAddresses(m).includes(address.toLowerCase()) && /\b\d{8}\b/.test(m.text ?? ''));
    return /\b(\d{8})\b/.exec(mail.text ?? '')?.[1] ?? '';
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function toAddresses(m: ParsedMail): string[] {
  const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}
