import type { Kysely } from 'kysely';

/**
 * A redeemed authorization code is kept (until it expires) with the refresh-token family its
 * redemption started, instead of being deleted: a second redemption of the same code is then
 * recognized as a replay and revokes that family (RFC 6749 §4.1.2, §10.5).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('auth_codes').addColumn('used_at', 'text').execute();
  await db.schema.alterTable('auth_codes').addColumn('family_id', 'text').execute();
}
