import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import * as m001 from '../../../src/storage/migrations/001-initial.js';
import { openStore } from '../../../src/storage/open-store.js';
import { buildUserQuery } from '../../../src/domain/users/build-user-query.js';
import { withDatabases } from '../../helpers/databases.js';

/**
 * Migration 002 on a database that already holds users: the indexes appear and the displayName
 * search words of existing users are written, so `$search` finds people created before it.
 */
describe('migration 002-query-indexes on an existing directory', () => {
  it('backfills displayName search words', async () => {
    await withDatabases(async (db) => {
      const kysely = new Kysely<unknown>({
        dialect: db.dialect === 'sqlite'
          ? new SqliteDialect({ database: new SqliteDatabase(db.url) })
          : new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url, max: 1 }) }),
      });
      try {
        const migrations: Record<string, Migration> = { '001-initial': m001 };
        const migrator = new Migrator({
          db: kysely, provider: { getMigrations: async () => migrations },
          migrationTableName: 'portico_migrations', migrationLockTableName: 'portico_migrations_lock',
        });
        const { error } = await migrator.migrateToLatest();
        assert.equal(error, undefined);
      } finally {
        await kysely.destroy();
      }
      const row = (id: string, name: string | null) =>
        `('t1', '${id}', '${id}@x.example', '${id}@x.example', ${name === null ? 'null' : `'${name}'`}, 'Member', 1, '2024-01-01T00:00:00.000Z')`;
      await db.query(`insert into users (tenant_id, id, upn, upn_lower, display_name, user_type, account_enabled, created_at) values ${
        Array.from({ length: 1200 }, (_, i) => row(`u${String(i).padStart(4, '0')}`, i === 7 ? 'HelloWorld Tester' : i % 100 === 0 ? null : `Person ${i}`)).join(', ')}`);
      const store = await openStore(db.url);
      try {
        const search = buildUserQuery({ search: '"displayName:world"' }, { eventual: true, count: false });
        const found = await store.users.query('t1', search, { after: null, top: 10 });
        assert.deepEqual(found.users.map((u) => u.id), ['u0007']);
        const people = buildUserQuery({ search: '"displayName:person"' }, { eventual: true, count: false });
        assert.equal(await store.users.count('t1', people), 1200 - 12 - 1);
        const indexes = await db.query<{ name: string }>(db.dialect === 'sqlite'
          ? "select name from sqlite_master where type = 'index' and name like 'users_q_%'"
          : "select indexname as name from pg_indexes where indexname like 'users_q_%'");
        assert.equal(indexes.length, 18);
      } finally {
        await store.close();
      }
    });
  });
});
