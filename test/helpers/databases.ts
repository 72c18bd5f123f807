import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The databases every storage test runs on: a fresh SQLite file and a fresh PostgreSQL database.
 * PostgreSQL is never skipped silently: if it is unreachable the test fails. Only a developer
 * outside CI may narrow the run with PORTICO_TEST_DIALECTS=sqlite.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface TestDatabase {
  dialect: Dialect;
  url: string;
  drop(): Promise<void>;
}

export const PG_ADMIN_URL = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function dialects(): Dialect[] {
  const only = process.env.PORTICO_TEST_DIALECTS;
  if (!only || process.env.CI === 'true') return ['sqlite', 'postgres'];
  return only.split(',').map((s) => s.trim()).filter((s): s is Dialect => s === 'sqlite' || s === 'postgres');
}

export async function createDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'portico-test-'));
    return { dialect, url: join(dir, 'portico.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `portico_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
