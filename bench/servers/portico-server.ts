/**
 * Portico under test, in its own process so the load generator does not share its event loop.
 * Usage: node --import tsx bench/servers/portico-server.ts <sqlite path | postgres:// URL> [smtp:// URL]
 *        [--tenant <id of an existing tenant>] [--permissions User.Read.All,…]
 * With an SMTP URL the outbox dispatcher runs in the server and delivers there (bench:mail).
 *
 * Opens (and migrates) the store, makes a tenant and an app holding User.Invite.All the way
 * `portico tenant create` / `app create` do, listens over plain HTTP on 127.0.0.1, fetches a token
 * from its own token endpoint over HTTP, then prints {port, token, tenantId} as one JSON line.
 * With --tenant (the query benchmark's seeded directory) the app is made in that tenant instead.
 * SIGTERM closes the server and the store; SIGKILL is what the durability check normally sends.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/domain/identity/create-app.js';
import { createTenant } from '../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../src/storage/open-store.js';
import { announce, freePort } from './free-port.js';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true, options: { tenant: { type: 'string' }, permissions: { type: 'string', default: 'User.Invite.All' } },
});
const dbUrl = positionals[0];
if (!dbUrl) {
  process.stderr.write('usage: portico-server.ts <sqlite path | postgres:// URL>\n');
  process.exit(2);
}

const store = await openStore(dbUrl);
const tenant = flags.tenant
  ? { id: flags.tenant }
  : await createTenant(store, systemClock, { name: 'Bench', domainSuffix: 'onmicrosoft.com' });
const { app: registration, secret } = await createApp(store, systemClock, {
  tenantId: tenant.id, name: 'bench', permissions: flags.permissions.split(','),
});

const port = await freePort();
const publicUrl = `http://127.0.0.1:${port}`;
const smtp = positionals[1];
const app = await buildApp(loadConfig({ http: true, port, publicUrl, ...(smtp ? { smtp } : {}) }, {}), { store, logger: false, dispatch: Boolean(smtp) });
await app.listen({ host: '127.0.0.1', port });

const response = await fetch(`${publicUrl}/${tenant.id}/oauth2/v2.0/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials', client_id: registration.appId, client_secret: secret.secretText,
    scope: 'https://graph.microsoft.com/.default',
  }).toString(),
});
if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
const { access_token: token } = (await response.json()) as { access_token: string };

process.once('SIGTERM', () => {
  void (async () => {
    await app.close();
    await store.close();
    process.exit(0);
  })();
});

announce({ port, token, tenantId: tenant.id });
