import type { Store } from '../domain/ports.js';
import { openStore } from '../storage/open-store.js';

/**
 * Runs one admin command against the database and always closes it, so a PostgreSQL pool never
 * keeps the process alive. Opening runs pending migrations, so every command works on a new
 * database too.
 */
export async function withStore<T>(db: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
