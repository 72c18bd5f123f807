import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** What a benchmark server prints, as one JSON line on stdout, once it is ready. */
export interface ServerReady {
  port: number;
  token: string;
  tenantId: string;
}

export function announce(ready: ServerReady): void {
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}
