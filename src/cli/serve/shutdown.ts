import type { FastifyInstance } from 'fastify';
import type { Store } from '../../domain/ports.js';
import type { Io } from '../io.js';
import type { WorkerPool } from './workers.js';

/** Longest wait for in-flight requests before giving up on a clean exit. */
export const GRACE_MS = 10_000;

/**
 * On SIGTERM or SIGINT: stop accepting connections, let in-flight requests finish, close the
 * store, exit 0. A second signal, or a shutdown that hangs, exits 1 at once.
 *
 * A worker of `--workers` (`worker: true`) shuts down on the primary's SIGTERM, or when the primary
 * is gone (its IPC channel closes). It ignores SIGINT: Ctrl-C in a terminal reaches every process
 * of the group, and the primary's SIGTERM that follows would count as a second signal.
 */
export function closeOnSignals(app: FastifyInstance, store: Store, io: Io, opts: { worker?: boolean } = {}): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals | 'disconnect'): void => {
    if (closing) {
      if (signal === 'disconnect') return;
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
  if (opts.worker) {
    process.on('SIGINT', () => undefined);
    process.on('disconnect', () => onSignal('disconnect'));
  } else {
    process.on('SIGINT', onSignal);
  }
}

/** The primary of `--workers`: SIGTERM or SIGINT stops every worker, then exits with their verdict. */
export function closeWorkersOnSignals(pool: WorkerPool, io: Io): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      io.err(`error: ${signal} during shutdown; exiting now`);
      process.exit(1);
    }
    closing = true;
    void pool.stop(GRACE_MS + 2_000).then((code) => process.exit(code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
