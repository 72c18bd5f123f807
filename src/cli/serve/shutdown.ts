import type { FastifyInstance } from 'fastify';
import type { Store } from '../../domain/ports.js';
import type { Io } from '../io.js';

/** Longest wait for in-flight requests before giving up on a clean exit. */
const GRACE_MS = 10_000;

/**
 * On SIGTERM or SIGINT: stop accepting connections, let in-flight requests finish, close the
 * store, exit 0. A second signal, or a shutdown that hangs, exits 1 at once.
 */
export function closeOnSignals(app: FastifyInstance, store: Store, io: Io): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      io.err(`error: ${signal} during shutdown; exiting now`);
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      io.err(`error: shutdown took longer than ${GRACE_MS / 1000} s; exiting`);
      process.exit(1);
    }, GRACE_MS).unref();
    void (async () => {
      try {
        await app.close();
        await store.close();
        process.exit(0);
      } catch (err) {
        io.err(`error: shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
