import { runCompiledOnce } from './compiled-once.js';
import { isPostgres } from './dialect.js';
import type { Db } from './schema.js';

type ChildTable = 'user_values' | 'user_identities' | 'audit_targets';

/**
 * Inserts a parent's child rows, on PostgreSQL as one statement (a statement is a round trip), on
 * SQLite one row a statement. SQLite gives a statement that writes several rows and could fail
 * part-way (a NOT NULL or key constraint) a statement journal: a temporary file into which every
 * page the statement is about to change is first copied, two write calls a page. For an invitation
 * that was some thirty page copies; one-row statements need none. Nothing is lost by it: a unit
 * that fails is rolled back whole (group-commit.ts), never kept half-written.
 */
export async function insertRows(db: Db, table: ChildTable, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  if (isPostgres(db)) {
    await runCompiledOnce(db, `${table}.insert.${rows.length}`, () => db.insertInto(table).values(rows as never), rows.flatMap((r) => Object.values(r)));
    return;
  }
  for (const row of rows) {
    await runCompiledOnce(db, `${table}.insert.1`, () => db.insertInto(table).values(row as never), Object.values(row));
  }
}
