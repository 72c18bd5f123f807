import { sql, type Kysely } from 'kysely';

/**
 * Drops three indexes of migration 001 that migration 002 made redundant: each is a leading prefix
 * of a query index (users_mail_idx of users_q_mail, user_values_lookup_idx of user_values_q,
 * user_identities_lookup_idx of user_identities_q_assigned_id), so every lookup it served is served
 * as well by the longer one, while every insert paid for both. The user_values pair was a fifth of
 * the cost of writing a user.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const name of ['users_mail_idx', 'user_values_lookup_idx', 'user_identities_lookup_idx']) {
    await sql.raw(`drop index if exists ${name}`).execute(db);
  }
}
