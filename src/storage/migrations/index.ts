import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002 from './002-query-indexes.js';
import * as m003 from './003-mail-ticket.js';
import * as m004 from './004-mail-outbox.js';
import * as m005 from './005-redemption.js';
import * as m006 from './006-delegated-identity.js';
import * as m007 from './007-roles-and-policy.js';
import * as m008 from './008-audit-queries.js';
import * as m009 from './009-redundant-indexes.js';
import * as m010 from './010-lean-user-indexes.js';
import * as m011 from './011-redemption-proof.js';
import * as m015 from './015-expiry-indexes.js';
import * as m016 from './016-auth-code-reuse.js';
import * as m017 from './017-outbox-due-index.js';
import * as m018 from './018-prefix-indexes.js';

/** Versioned migrations, in order. Add a file `NNN-name.ts` and list it here. */
const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-query-indexes': m002,
  '003-mail-ticket': m003,
  '004-mail-outbox': m004,
  '005-redemption': m005,
  '006-delegated-identity': m006,
  '007-roles-and-policy': m007,
  '008-audit-queries': m008,
  '009-redundant-indexes': m009,
  '010-lean-user-indexes': m010,
  '011-redemption-proof': m011,
  '015-expiry-indexes': m015,
  '016-auth-code-reuse': m016,
  '017-outbox-due-index': m017,
  '018-prefix-indexes': m018,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date. Concurrent migrators are serialized: PostgreSQL by Kysely's lock
 * table, SQLite by running the whole migration in one `BEGIN IMMEDIATE` transaction (see
 * sqlite-dialect.ts). A SQLite migrator that waited past busy_timeout for that lock (a loaded
 * machine) tries again; any other failure is real and reported at once.
 */
export async function migrateToLatest(db: Kysely<unknown>, attempts = 3): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'portico_migrations', migrationLockTableName: 'portico_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    if (attempts > 1 && isSqliteBusy(error)) return migrateToLatest(db, attempts - 1);
    throw error instanceof Error ? error : new Error(String(error));
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

const isSqliteBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_BUSY';
