import type { Kysely } from 'kysely';

/**
 * The mailed invitation link carries its own ticket, minted by the outbox dispatcher when it sends
 * the mail (the outbox never holds a ticket in clear). Redemption accepts either ticket.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invitations').addColumn('mail_ticket_hash', 'text').execute();
}
