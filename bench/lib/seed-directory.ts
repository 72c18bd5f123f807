import { systemClock } from '../../src/domain/clock.js';
import type { Tenant, User } from '../../src/domain/model.js';
import { createTenant } from '../../src/domain/tenants/create-tenant.js';
import { identityRows, toUserRow, valueRows } from '../../src/storage/repos/user-row.js';
import { openStore } from '../../src/storage/open-store.js';
import { bulkLoader } from './bulk-load.js';
import { directoryOf } from './directory.js';

export interface SeededDirectory {
  tenant: Tenant;
  users: number;
  /** Users of a second tenant beside it (a fifth as many), which no query may ever return. */
  twinUsers: number;
  seconds: number;
  /** Every 1/SAMPLE_EVERY-th user of the main tenant: where lookups find their addresses. */
  samples: User[];
}

const CHUNK = 5_000;
const SAMPLES = 2_000;

/**
 * Seeds a fresh, migrated database with `users` users in one tenant and a fifth as many in a twin
 * tenant: tenants through the domain (createTenant), users as rows of the store's own row builders
 * (users, user_values with the displayName search tokens, user_identities), bulk-loaded.
 */
export async function seedDirectory(url: string, users: number, log: (msg: string) => void): Promise<SeededDirectory> {
  const started = performance.now();
  const store = await openStore(url);
  let tenant: Tenant;
  let twin: Tenant;
  try {
    const tag = Math.random().toString(36).slice(2, 8);
    tenant = await createTenant(store, systemClock, { name: `Bench ${tag}`, domains: [`bench-${tag}.example`], domainSuffix: 'onmicrosoft.com' });
    twin = await createTenant(store, systemClock, { name: `Twin ${tag}`, domains: [`twin-${tag}.example`], domainSuffix: 'onmicrosoft.com' });
  } finally {
    await store.close();
  }
  const loader = await bulkLoader(url);
  const samples: User[] = [];
  const every = Math.max(1, Math.floor(users / SAMPLES));
  const twinUsers = Math.ceil(users / 5);
  let loading: Promise<void> = Promise.resolve();
  for (const [t, count, domain] of [[tenant, users, tenant.domains[1].name], [twin, twinUsers, twin.domains[1].name]] as const) {
    const directory = directoryOf(t, domain, t === tenant ? 42 : 7);
    for (let at = 0; at < count; at += CHUNK) {
      const batch = Array.from({ length: Math.min(CHUNK, count - at) }, (_, k) => directory.next(at + k));
      if (t === tenant) samples.push(...batch.filter((_, k) => (at + k) % every === 0));
      const rows = [batch.map(toUserRow), batch.flatMap(valueRows), batch.flatMap(identityRows)] as const;
      // PostgreSQL inserts one chunk while the next is generated here; SQLite runs inside the call.
      await loading;
      // On PostgreSQL the tables load on two connections at once (bulk-load.ts); there are no foreign keys.
      loading = Promise.all([loader.insert('users', rows[0]), loader.insert('user_values', rows[1]), loader.insert('user_identities', rows[2])]).then(() => undefined);
    }
  }
  await loading;
  log(`rows loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; building indexes`);
  await loader.finish(log);
  return { tenant, users, twinUsers, seconds: (performance.now() - started) / 1000, samples };
}
