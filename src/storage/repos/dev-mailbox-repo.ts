import type { DevMailboxRepo, StoredMail } from '../../domain/ports.js';
import { literalLimit } from '../literal-limit.js';
import type { Db, DevMailboxTable } from '../schema.js';

export function devMailboxRepo(db: Db): DevMailboxRepo {
  return {
    async insert(m) {
      await db.insertInto('dev_mailbox').values({
        id: m.id, message_id: m.messageId, sender: m.from, recipients: JSON.stringify(m.to), cc: JSON.stringify(m.cc),
        reply_to: m.replyTo ?? null, subject: m.subject, text_body: m.text, html_body: m.html, created_at: m.createdDateTime,
      }).execute();
    },
    async list(limit) {
      // Ids are time-ordered UUIDv7, so id order is arrival order.
      return (await db.selectFrom('dev_mailbox').selectAll().orderBy('id', 'desc').limit(literalLimit(limit)).execute()).map(toMail);
    },
    async findById(id) {
      const r = await db.selectFrom('dev_mailbox').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toMail(r) : undefined;
    },
  };
}

function toMail(r: DevMailboxTable): StoredMail {
  return {
    id: r.id, messageId: r.message_id, from: r.sender, to: JSON.parse(r.recipients) as string[], cc: JSON.parse(r.cc) as string[],
    ...(r.reply_to === null ? {} : { replyTo: r.reply_to }), subject: r.subject, text: r.text_body, html: r.html_body,
    createdDateTime: r.created_at,
  };
}
