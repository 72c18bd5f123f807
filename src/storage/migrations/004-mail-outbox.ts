import type { Kysely } from 'kysely';

/**
 * Mail delivery (issue 5). The outbox gets what a dispatcher needs to claim a row without another
 * process sending it too: `claim_token` names the claim, and while a row is `sending` its
 * `next_attempt_at` is the end of the claim's lease, so a crashed sender's row falls due again
 * through the existing (state, next_attempt_at) index. Also: the development mailbox (every mail
 * sent without `--smtp`, instance-wide like the signing keys) and per-tenant mail settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('claim_token', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('message_id', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('last_reply', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('updated_at', 'text').execute();

  await db.schema.createTable('dev_mailbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('cc', 'text', (c) => c.notNull())
    .addColumn('reply_to', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('tenant_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey())
    .addColumn('privacy_statement_url', 'text')
    .addColumn('preferred_language', 'text')
    .addColumn('keep_app_invite_message', 'integer', (c) => c.notNull())
    .execute();
}
