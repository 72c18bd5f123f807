/**
 * Portico under test, in its own process so the load generator does not share its event loop.
 * Usage: node --import tsx bench/servers/portico-server.ts <sqlite path | postgres:// URL> [smtp:// URL]
 *        [--tenant <id of an existing tenant>] [--permissions User.Read.All,…] [--workers N]
 * With an SMTP URL the outbox dispatcher runs in the server and delivers there (bench:mail).
 *
 * Opens (and migrates) the store, makes a tenant and an app holding User.Invite.All the way
 * `portico tenant create` / `app create` do, listens over plain HTTP on 127.0.0.1, fetches a token
 * from its own token endpoint over HTTP, then prints {port, token, tenantId} as one JSON line.
 * With --tenant (the query benchmark's seeded directory) the app is made in that tenant instead.
 * SIGTERM closes the server and the store; SIGKILL is what the durability check normally sends.
 * With --workers N (N > 1) the server is N processes on one port, as `portico serve --workers N`
 * runs (src/cli/serve/workers.ts): this process makes the tenant and app and gets the token, and
 * forked copies of it, started with the port in PORTICO_BENCH_PORT, each open the store and serve.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { buildApp, createFirstUseState } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/domain/identity/create-app.js';
import { createTenant } from '../../src/domain/tenants/create-tenant.js';
import { forkWorkers } from '../../src/cli/serve/workers.js';
import { openStore } from '../../src/storage/open-store.js';
import { announce, freePort } from './free-port.js';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { tenant: { type: 'string' }, permissions: { type: 'string', default: 'User.Invite.All' }, workers: { type: 'string', default: '1' } },
});
const workers = Number(flags.workers);
const dbUrl = positionals[0];
if (!dbUrl) {
  process.stderr.write('usage: portico-server.ts <sqlite path | postgres:// URL>\n');
  process.exit(2);
}

const smtp = positionals[1];
const serve = async (port: number, dispatch: boolean) => {
  const store = await openStore(dbUrl);
  const app = await buildApp(loadConfig({ http: true, port, publicUrl: `http://127.0.0.1:${port}`, ...(smtp ? { smtp } : {}) }, {}), { store, logger: false, dispatch });
  await app.listen({ host: '127.0.0.1', port });
  process.once('SIGTERM', () => {
    void (async () => {
      await app.close();
      await store.close();
      process.exit(0);
    })();
  });
};

if (cluster.isWorker) {
  // Worker 0 alone delivers mail, as in `portico serve --workers`.
  await serve(Number(process.env.PORTICO_BENCH_PORT), Boolean(smtp) && process.env.PORTICO_WORKER_INDEX === '0');
  // The primary is gone (SIGKILL in the durability check): end as abruptly, never orphaned on the port.
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
} else {
  const store = await openStore(dbUrl);
  const tenant = flags.tenant
    ? { id: flags.tenant }
    : await createTenant(store, systemClock, { name: 'Bench', domainSuffix: 'onmicrosoft.com' });
  const { app: registration, secret } = await createApp(store, systemClock, {
    tenantId: tenant.id, name: 'bench', permissions: flags.permissions.split(','),
  });
  const port = await freePort();
  if (workers > 1) {
    await createFirstUseState(loadConfig({ http: true, port }, {}), store);
    await store.close();
    const pool = await forkWorkers(workers, { PORTICO_BENCH_PORT: String(port) }, (line) => process.stderr.write(`${line}\n`));
    process.once('SIGTERM', () => void pool.stop(10_000).then((code) => process.exit(code)));
  } else {
    await store.close();
    await serve(port, Boolean(smtp));
  }
  const response = await fetch(`http://127.0.0.1:${port}/${tenant.id}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials', client_id: registration.appId, client_secret: secret.secretText,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  const { access_token: token } = (await response.json()) as { access_token: string };
  announce({ port, token, tenantId: tenant.id });
}
