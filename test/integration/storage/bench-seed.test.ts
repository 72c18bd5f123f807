import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/storage/open-store.js';
import { identityRows, valueRows } from '../../../src/storage/repos/user-row.js';
import { directoryOf } from '../../../bench/lib/directory.js';
import { seedDirectory } from '../../../bench/lib/seed-directory.js';
import { createDatabase, withDatabases, type TestDatabase } from '../../helpers/databases.js';

/**
 * The query benchmark's seed (bench/lib/seed-directory.ts, bulk-load.ts) drops indexes, loads rows
 * with each database's bulk path (COPY on PostgreSQL) and re-creates them: the database must end
 * with the schema's own indexes, every row the row builders made, and users that read back as
 * they were generated (names with accents and apostrophes survive COPY's text format).
 */
const USERS = 400;

async function indexes(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ name: string; def: string | null }>(db.dialect === 'sqlite'
    ? "select name, sql as def from sqlite_master where type = 'index' order by name"
    : 'select indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() order by indexname');
  return rows.map((r) => `${r.name}: ${r.def ?? ''}`);
}

const count = async (db: TestDatabase, table: string) => Number((await db.query<{ n: number }>(`select count(*) as n from ${table}`))[0].n);

describe('bench seed', () => {
  it('leaves the schema\'s indexes and every generated row, readable through the store', async () => {
    await withDatabases(async (db) => {
      const fresh = await createDatabase(db.dialect);
      try {
        await (await openStore(fresh.url)).close();
        const seeded = await seedDirectory(db.url, USERS, () => {});
        assert.deepEqual(await indexes(db), await indexes(fresh));
        // Same generators, same seeds: the counts the row builders give for the same users.
        let values = 0;
        let identities = 0;
        for (const [n, seed] of [[USERS, 42], [seeded.twinUsers, 7]] as const) {
          const directory = directoryOf(seeded.tenant, 'x.example', seed); // counts depend on neither
          for (let k = 0; k < n; k++) {
            const u = directory.next(k);
            values += valueRows(u).length;
            identities += identityRows(u).length;
          }
        }
        assert.equal(await count(db, 'users'), USERS + seeded.twinUsers);
        assert.equal(await count(db, 'user_values'), values);
        assert.equal(await count(db, 'user_identities'), identities);
        assert.equal(seeded.samples.length, USERS);
        const store = await openStore(db.url);
        try {
          for (const sample of seeded.samples) assert.deepEqual(await store.users.findById(seeded.tenant.id, sample.id), sample);
        } finally {
          await store.close();
        }
      } finally {
        await fresh.drop();
      }
    });
  });
});
