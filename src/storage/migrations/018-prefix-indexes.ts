import type { Kysely } from 'kysely';

/**
 * Two indexes of 001 are prefixes of later ones and serve nothing those do not:
 * invitations_user_idx (tenant_id, user_id) of 005's invitations_user_created (…, created_at), and
 * audit_logs_time_idx (tenant_id, activity_at) of 008's audit_logs_q_time (…, id). Every
 * invitation writes both tables, so each costs an index insertion on the hot path for nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('invitations_user_idx').execute();
  await db.schema.dropIndex('audit_logs_time_idx').execute();
}
