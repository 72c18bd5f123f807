import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import * as m001 from '../../../src/storage/migrations/001-initial.js';
import * as m002 from '../../../src/storage/migrations/002-query-indexes.js';
import * as m003 from '../../../src/storage/migrations/003-mail-ticket.js';
import { buildAuditQuery } from '../../../src/domain/audit/build-audit-query.js';
import { openStore } from '../../../src/storage/open-store.js';
import { withDatabases } from '../../helpers/databases.js';

/**
 * Migration 008 on a database that already holds audit records (written as invitations wrote them
 * before it): their initiators and targets become queryable and their correlationId is their id.
 */
describe('migration 008-audit-queries on an existing audit log', () => {
  it('backfills initiator columns and target rows', async () => {
    await withDatabases(async (db) => {
      const kysely = new Kysely<unknown>({
        dialect: db.dialect === 'sqlite'
          ? new SqliteDialect({ database: new SqliteDatabase(db.url) })
          : new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url, max: 1 }) }),
      });
      try {
        const migrations: Record<string, Migration> = { '001-initial': m001, '002-query-indexes': m002, '003-mail-ticket': m003 };
        const migrator = new Migrator({
          db: kysely, provider: { getMigrations: async () => migrations },
          migrationTableName: 'portico_migrations', migrationLockTableName: 'portico_migrations_lock',
        });
        assert.equal((await migrator.migrateToLatest()).error, undefined);
      } finally {
        await kysely.destroy();
      }
      const id = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      const app = JSON.stringify({ kind: 'app', appId: 'AAAAAAAA-0000-0000-0000-000000000001', servicePrincipalId: 's', displayName: 'Old App' });
      const user = JSON.stringify({ kind: 'user', userId: 'bbbbbbbb-0000-0000-0000-000000000002', userPrincipalName: 'old@t.example', displayName: 'Old Admin' });
      const row = (i: number) => `('t1', '${id(i)}', 'Invite external user', 'UserManagement', 'Invited Users', '${i % 2 ? user : app}', ` +
        `'${JSON.stringify([{ id: `CCCCCCCC-0000-0000-0000-${String(i % 7).padStart(12, '0')}`, type: 'User' }])}', 'success', '', '2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z')`;
      await db.query(`insert into audit_logs (tenant_id, id, activity, category, logged_by, initiated_by, targets, result, result_reason, activity_at) values ${
        Array.from({ length: 1100 }, (_, i) => row(i)).join(', ')}`);
      const store = await openStore(db.url);
      try {
        const byApp = buildAuditQuery({ filter: "initiatedBy/app/appId eq 'aaaaaaaa-0000-0000-0000-000000000001'" });
        assert.equal((await store.audit.query('t1', byApp, { after: null, top: 1000 })).records.length, 550);
        const byUser = buildAuditQuery({ filter: "startswith(initiatedBy/user/userPrincipalName,'OLD@') and initiatedBy/user/displayName eq 'old admin'" });
        const page = await store.audit.query('t1', byUser, { after: null, top: 1000 });
        assert.equal(page.records.length, 550);
        const target = buildAuditQuery({ filter: "targetResources/any(t:t/id eq 'cccccccc-0000-0000-0000-000000000003')" });
        const hits = (await store.audit.query('t1', target, { after: null, top: 1000 })).records;
        assert.equal(hits.length, 157);
        assert.ok(hits.every((r) => r.correlationId === r.id && r.targetResources[0].id.startsWith('CCCCCCCC')));
        const indexes = await db.query<{ name: string }>(db.dialect === 'sqlite'
          ? "select name from sqlite_master where type = 'index' and name like 'audit_%_q_%'"
          : "select indexname as name from pg_indexes where indexname like 'audit_%_q_%'");
        assert.equal(indexes.length, 8);
      } finally {
        await store.close();
      }
    });
  });
});
