import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../src/config/config.js';
import { bootstrapFirstStart } from '../../../src/cli/serve/first-start.js';
import type { Clock } from '../../../src/domain/clock.js';
import type { Store } from '../../../src/domain/ports.js';
import { openStore } from '../../../src/storage/open-store.js';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';

/**
 * The first-start election, in-process so that the race is real: several "processes" (each its
 * own store, so its own connections) bootstrap one new database at the same instant.
 */
const config = loadConfig({}, {});
const clock = (iso: string): Clock => ({ now: () => new Date(iso) });

describe('first start', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      const stores: Store[] = [];
      const open = async (n: number) => {
        const opened: Store[] = [];
        // One after another: concurrent first migrations are the storage layer's concern.
        for (let i = 0; i < n; i++) opened.push(await openStore(db.url));
        stores.push(...opened);
        return opened;
      };
      before(async () => { db = await createDatabase(dialect); });
      after(async () => {
        for (const s of stores) await s.close();
        await db.drop();
      });

      it('four processes starting together create one tenant and one app', async () => {
        // On SQLite these share one event loop; only the elected one writes, so none blocks another.
        const processes = await open(4);
        const now = clock('2026-01-01T00:00:00Z');
        const results = await Promise.all(processes.map((s) => bootstrapFirstStart(s, now, config)));
        const winners = results.filter((r) => r !== null);
        assert.equal(winners.length, 1);
        assert.deepEqual((await processes[0].tenants.list()).map((t) => t.id), [winners[0].tenant.id]);
        assert.deepEqual((await processes[0].apps.list()).map((a) => a.appId), [winners[0].app.appId]);
        assert.deepEqual(winners[0].app.permissions, ['User.Invite.All', 'User.ReadWrite.All']);
        assert.equal(await bootstrapFirstStart(processes[1], now, config), null, 'a later start does nothing');
      });
    });

    describe(`${dialect}, after a bootstrap that died half-way`, { concurrency: false }, () => {
      let db: TestDatabase;
      let store: Store;
      before(async () => {
        db = await createDatabase(dialect);
        store = await openStore(db.url);
        // The claim of a process that stopped before creating the tenant.
        await store.instanceSecrets.getOrCreate('bootstrap-claim', () => 'f00dfeed-0000-4000-8000-000000000000 2026-01-01T00:00:00.000Z');
      });
      after(async () => {
        await store.close();
        await db.drop();
      });

      it('a start soon after waits for the claimant', async () => {
        assert.equal(await bootstrapFirstStart(store, clock('2026-01-01T00:01:00Z'), config), null);
      });

      it('a start once the claim is stale bootstraps, and only one of several does', async () => {
        const later = clock('2026-01-01T01:00:00Z');
        // In one process, two SQLite connections writing at once block each other on the one
        // event loop (better-sqlite3 waits synchronously), so the race is run on PostgreSQL only.
        const other = dialect === 'postgres' ? await openStore(db.url) : null;
        try {
          const starts = [store, ...(other ? [other] : [])].map((s) => bootstrapFirstStart(s, later, config));
          const results = await Promise.all(starts);
          assert.equal(results.filter((r) => r !== null).length, 1);
          assert.equal((await store.tenants.list()).length, 1);
        } finally {
          await other?.close();
        }
      });
    });
  }
});
