import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { postgresPoolConfig } from '../../../src/storage/open-store.js';
import { createDatabase } from '../../helpers/databases.js';

/**
 * Portico's PostgreSQL sessions plan without parallel workers (open-store.ts): a Gather's start-up
 * cost more than the one indexed page each statement reads. PostgreSQL-only by nature: SQLite has
 * no parallel query.
 */
describe("Portico's PostgreSQL sessions", () => {
  const show = async (url: string, setting: string) => {
    const pool = new pg.Pool(postgresPoolConfig(url, 1));
    try {
      return (await pool.query<Record<string, string>>(`show ${setting}`)).rows[0][setting];
    } finally {
      await pool.end();
    }
  };

  it('run with parallel query off, unless the URL says otherwise', async () => {
    const db = await createDatabase('postgres');
    try {
      assert.equal(await show(db.url, 'max_parallel_workers_per_gather'), '0');
      const own = new URL(db.url);
      own.searchParams.set('options', '-c max_parallel_workers_per_gather=1');
      assert.equal(await show(own.toString(), 'max_parallel_workers_per_gather'), '1');
    } finally {
      await db.drop();
    }
  });
});
