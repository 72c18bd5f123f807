import type { Kysely } from 'kysely';

/**
 * How a redemption session proved the invited address: a mailed passcode, or a sign-in with the
 * invitee's own account in another tenant on this server (its home account). Accept records the
 * matching identity on the guest. Null until proven; sessions made before this stay null and can
 * only prove themselves anew.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('redemption_sessions').addColumn('proof', 'text').execute();
}
