import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import type { Config } from '../../config/config.js';
import { systemClock } from '../../domain/clock.js';
import { openStore } from '../../storage/open-store.js';
import type { Io } from '../io.js';
import { bootstrapBanner } from './bootstrap-banner.js';
import { bootstrapFirstStart } from './first-start.js';
import { closeOnSignals } from './shutdown.js';
import { tlsFor } from './tls-certificate.js';

/** `portico serve`: TLS, store (migrated), first-start bootstrap, app, listen, graceful shutdown. */
export async function startServer(config: Readonly<Config>, io: Io): Promise<void> {
  const tls = await tlsFor(config);
  const store = await openStore(config.db);
  let app: FastifyInstance | undefined;
  try {
    const boot = await bootstrapFirstStart(store, systemClock, config);
    // Printed before listening, so that a failure to listen cannot lose the only copy of the secret.
    if (boot) for (const line of bootstrapBanner(boot, config, tls?.selfSigned ? tls.certPath : null)) io.out(line);
    app = await buildApp(config, {
      store,
      logger: { level: config.logLevel },
      https: tls && { key: tls.key, cert: tls.cert },
      dispatch: !config.outboxOff,
      housekeeping: true,
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close();
    await store.close();
    throw err;
  }
  if (tls?.selfSigned) {
    io.out(`TLS: ${tls.created ? 'created a' : 'using the'} self-signed certificate ${tls.certPath}`);
    io.out(`     Node clients trust it with: export NODE_EXTRA_CA_CERTS=${tls.certPath}`);
  }
  if (!config.smtp) io.out(`Mail: no --smtp given, so mail is kept in the development mailbox at ${config.publicUrl}/mailbox`);
  io.out(`Portico is listening on ${config.publicUrl}`);
  closeOnSignals(app, store, io);
}
