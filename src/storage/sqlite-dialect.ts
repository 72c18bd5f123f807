import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver } from 'kysely';

/**
 * SQLite transactions that take the write lock up front (`BEGIN IMMEDIATE`). With a plain
 * `BEGIN`, a transaction that reads and then writes while another process (the admin CLI, a
 * second server) holds the lock fails at once with SQLITE_BUSY instead of waiting busy_timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private readonly database: unknown;

  constructor(settings: ConstructorParameters<typeof SqliteDriver>[0]) {
    super(settings);
    this.database = settings.database;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const db = this.database as Partial<LockWaiting>;
    if (typeof db.tryBeginImmediate === 'function') {
      // Another process holds the write lock: wait for it here, with the event loop free to serve
      // (and its group commit to gather a bigger batch), trying again every millisecond or so.
      const deadline = Date.now() + LOCK_WAIT_MS;
      while (Date.now() < deadline) {
        if (db.tryBeginImmediate()) return;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    // Past the wait (or without the probe): SQLite's own busy wait, and its SQLITE_BUSY if it fails.
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** What the store's SQLite handle offers besides `prepare` (open-store.ts). */
interface LockWaiting {
  tryBeginImmediate(): boolean;
}

/** How long a write waits for another connection's lock, here and in SQLite's busy handler (open-store.ts). */
export const LOCK_WAIT_MS = 10_000;

/**
 * SQLite does roll back DDL, but Kysely's adapter says it does not, so its migrator runs each
 * migration outside a transaction and takes no lock: two processes migrating a new file at once
 * both apply the same migration and one fails on the duplicate record. Declaring transactional DDL
 * makes the migrator read the applied list and run what is pending inside one `BEGIN IMMEDIATE`
 * transaction, so a second migrator waits for the first and then finds nothing left to do.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
