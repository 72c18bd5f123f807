import type { Kysely } from 'kysely';

/**
 * Indexes for the housekeeper's sweep of expired rows (storage/repos/expired-rows-repo.ts): it
 * looks across tenants for the oldest expiry, which the tenant-first keys cannot serve.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['auth_codes', 'refresh_tokens', 'sign_in_sessions', 'device_codes', 'assertion_replays', 'redemption_codes', 'redemption_sessions']) {
    await db.schema.createIndex(`${table}_expires_at_idx`).on(table).column('expires_at').execute();
  }
  await db.schema.createIndex('sign_in_throttles_window_start_idx').on('sign_in_throttles').column('window_start').execute();
}
