import type { Kysely } from 'kysely';

/**
 * Redemption state shared by every process on one database: browser sessions of the `/redeem`
 * pages (keyed by the hash of the opaque cookie value) and the one-time passcodes mailed to
 * invitees (hashed; their send times drive the per-invitation throttle).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('redemption_sessions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('redemption_sessions_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('redemption_sessions_expiry').on('redemption_sessions').columns(['tenant_id', 'expires_at']).execute();

  await db.schema.createTable('redemption_codes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('redemption_codes_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('redemption_codes_invitation').on('redemption_codes').columns(['tenant_id', 'invitation_id', 'created_at']).execute();
  await db.schema.createIndex('redemption_codes_session').on('redemption_codes').columns(['tenant_id', 'session_id', 'created_at']).execute();

  // "Has a newer reset invitation made this one's ticket void?" is one indexed lookup.
  await db.schema.createIndex('invitations_user_created').on('invitations').columns(['tenant_id', 'user_id', 'created_at']).execute();
}
