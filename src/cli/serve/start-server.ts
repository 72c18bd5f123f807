import type { FastifyInstance } from 'fastify';
import { buildApp, createFirstUseState } from '../../app.js';
import type { Config } from '../../config/config.js';
import { systemClock } from '../../domain/clock.js';
import type { Store } from '../../domain/ports.js';
import { openStore } from '../../storage/open-store.js';
import type { Io } from '../io.js';
import { bootstrapBanner } from './bootstrap-banner.js';
import { bootstrapFirstStart } from './first-start.js';
import { closeOnSignals, closeWorkersOnSignals } from './shutdown.js';
import { tlsFor, type TlsMaterial } from './tls-certificate.js';
import { forkWorkers, workerIndex } from './workers.js';

/**
 * `portico serve`: TLS, store (migrated), first-start bootstrap, app, listen, graceful shutdown.
 * With `--workers N` (N > 1) this process does the one-time steps, then forks N workers
 * (workers.ts) that each open the store and serve the same port; worker 0 alone runs the outbox
 * dispatcher and the housekeeping sweeps.
 */
export async function startServer(config: Readonly<Config>, io: Io): Promise<void> {
  const index = workerIndex();
  if (index !== null) return startWorker(config, index, io);
  const tls = await tlsFor(config);
  const store = await openStore(config.db);
  let app: FastifyInstance | null = null;
  try {
    const boot = await bootstrapFirstStart(store, systemClock, config);
    // Printed before listening, so that a failure to listen cannot lose the only copy of the secret.
    if (boot) for (const line of bootstrapBanner(boot, config, tls?.selfSigned ? tls.certPath : null)) io.out(line);
    if (config.workers > 1) await createFirstUseState(config, store);
    else app = await listenApp(config, store, tls, true);
  } catch (err) {
    await store.close();
    throw err;
  }
  if (app === null) {
    await store.close();
    const pool = await forkWorkers(config.workers, {}, (line) => io.err(`portico: ${line}`));
    printReady(config, tls, io, ` (${config.workers} worker processes)`);
    closeWorkersOnSignals(pool, io);
    return;
  }
  printReady(config, tls, io, '');
  closeOnSignals(app, store, io);
}

/**
 * Builds the app over `store` and listens; closes the app again if listening fails. The `leader`
 * (the only process, or worker 0) also delivers the outbox and sweeps expired rows.
 */
async function listenApp(config: Readonly<Config>, store: Store, tls: TlsMaterial | null, leader: boolean): Promise<FastifyInstance> {
  const app = await buildApp(config, {
    store,
    logger: { level: config.logLevel },
    https: tls && { key: tls.key, cert: tls.cert },
    dispatch: leader && !config.outboxOff,
    housekeeping: leader,
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

function printReady(config: Readonly<Config>, tls: TlsMaterial | null, io: Io, workers: string): void {
  if (tls?.selfSigned) {
    io.out(`TLS: ${tls.created ? 'created a' : 'using the'} self-signed certificate ${tls.certPath}`);
    io.out(`     Node clients trust it with: export NODE_EXTRA_CA_CERTS=${tls.certPath}`);
  }
  if (!config.smtp) io.out(`Mail: no --smtp given, so mail is kept in the development mailbox at ${config.publicUrl}/mailbox`);
  io.out(`Portico is listening on ${config.publicUrl}${workers}`);
}

/** One worker of `--workers`: the primary has migrated, bootstrapped and made the certificate. */
async function startWorker(config: Readonly<Config>, index: number, io: Io): Promise<void> {
  const tls = await tlsFor(config);
  const store = await openStore(config.db);
  let app: FastifyInstance;
  try {
    app = await listenApp(config, store, tls, index === 0);
  } catch (err) {
    await store.close();
    throw err;
  }
  closeOnSignals(app, store, io, { worker: true });
}
