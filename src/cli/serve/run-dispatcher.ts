import { once } from 'node:events';
import pino from 'pino';
import { defaultMailTransport, outboxDispatcher } from '../../app.js';
import type { Config } from '../../config/config.js';
import { systemClock } from '../../domain/clock.js';
import { TenantCache } from '../../domain/tenants/tenant-cache.js';
import { openStore } from '../../storage/open-store.js';
import type { Io } from '../io.js';

/** `portico outbox run`: the dispatcher alone; on SIGTERM or SIGINT it drains and returns. */
export async function runDispatcher(config: Readonly<Config>, io: Io): Promise<void> {
  const store = await openStore(config.db);
  const mail = defaultMailTransport(config, store, systemClock);
  const log = pino({ level: config.logLevel }, pino.destination(2));
  const dispatcher = outboxDispatcher(config, { store, clock: systemClock, tenants: new TenantCache(store.tenants), mail }, log);
  dispatcher.start();
  io.out(`Outbox dispatcher running; mail goes to ${config.smtp ? 'SMTP' : 'the development mailbox'}. Stop with Ctrl-C.`);
  const signal = await Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')]);
  io.out(`Received ${String(signal[0] ?? 'signal')}; finishing the sends in flight.`);
  try {
    await dispatcher.stop();
    await mail.close();
  } finally {
    await store.close();
  }
}
