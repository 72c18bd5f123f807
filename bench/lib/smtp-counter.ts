import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';

export interface SmtpCounter {
  url: string;
  /** Messages accepted so far. */
  readonly count: number;
  /** Resolves when `n` messages were accepted (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The benchmark's mail sink: a real SMTP server on loopback that accepts every message and only
 * counts it (no parsing), so the figure measures Portico's side of the conversation.
 * `maxConnections` goes into the URL for nodemailer's pool.
 */
export async function startSmtpCounter(maxConnections: number): Promise<SmtpCounter> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 100, maxClients: 1000,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const address = server.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}?maxConnections=${maxConnections}&maxMessages=Infinity`,
    get count() { return count; },
    async waitFor(n, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (count < n) {
        if (Date.now() > deadline) throw new Error(`only ${count} of ${n} messages arrived in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
