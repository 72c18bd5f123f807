import { sql } from 'kysely';
import type { InvitationRepo } from '../../domain/ports.js';
import type { Initiator, Invitation, InvitationStatus, MessageInfo, UserType } from '../../domain/model.js';
import type { Db, InvitationsTable } from '../schema.js';
import { runCompiledOnce } from '../compiled-once.js';

/** The row of an invitation, every column in a fixed order. */
export function invitationRow(i: Invitation): InvitationsTable {
  return {
    tenant_id: i.tenantId, id: i.id, user_id: i.userId, email: i.invitedUserEmailAddress,
    display_name: i.invitedUserDisplayName, user_type: i.invitedUserType, redirect_url: i.inviteRedirectUrl,
    send_message: i.sendInvitationMessage ? 1 : 0, reset_redemption: i.resetRedemption ? 1 : 0,
    message_info: JSON.stringify(i.messageInfo), sponsor_ids: JSON.stringify(i.sponsorIds), status: i.status,
    ticket_hash: i.ticketHash, mail_ticket_hash: i.mailTicketHash, created_at: i.createdDateTime, invited_by: JSON.stringify(i.invitedBy),
  };
}

function fromRow(r: InvitationsTable): Invitation {
  return {
    tenantId: r.tenant_id, id: r.id, userId: r.user_id, invitedUserEmailAddress: r.email,
    invitedUserDisplayName: r.display_name, invitedUserType: r.user_type as UserType, inviteRedirectUrl: r.redirect_url,
    sendInvitationMessage: r.send_message === 1, resetRedemption: r.reset_redemption === 1,
    messageInfo: JSON.parse(r.message_info) as MessageInfo, sponsorIds: JSON.parse(r.sponsor_ids) as string[],
    status: r.status as InvitationStatus, ticketHash: r.ticket_hash, mailTicketHash: r.mail_ticket_hash, createdDateTime: r.created_at,
    invitedBy: JSON.parse(r.invited_by) as Initiator,
  };
}

export function invitationRepo(db: Db): InvitationRepo {
  return {
    async insert(i) {
      const row = invitationRow(i);
      await runCompiledOnce(db, 'invitations.insert', () => db.insertInto('invitations').values(row), Object.values(row));
    },
    async findById(tenantId, id) {
      const { rows: [r] } = await runCompiledOnce(db, 'invitations.findById',
        () => db.selectFrom('invitations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id), [tenantId, id]);
      return r ? fromRow(r) : undefined;
    },
    async findByIds(tenantId, ids) {
      if (ids.length === 0) return [];
      const { rows } = await runCompiledOnce(db, `invitations.findByIds.${ids.length}`,
        () => db.selectFrom('invitations').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids), [tenantId, ...ids]);
      return rows.map(fromRow);
    },
    async setMailTicketHashes(tenantId, hashes) {
      if (hashes.length === 0) return;
      const ids = hashes.map((h) => h.id);
      // One UPDATE for a batch: `case id when … then …` picks each row's own hash.
      const hashOf = sql<string>`case ${sql.ref('id')} ${sql.join(hashes.map((h) => sql`when ${h.id} then ${h.hash}`), sql` `)} end`;
      await runCompiledOnce(db, `invitations.setMailTicketHashes.${hashes.length}`,
        () => db.updateTable('invitations').set({ mail_ticket_hash: hashOf }).where('tenant_id', '=', tenantId).where('id', 'in', ids),
        [...hashes.flatMap((h) => [h.id, h.hash]), tenantId, ...ids]);
    },
    async setStatus(tenantId, id, status) {
      await db.updateTable('invitations').set({ status }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    },
    async latestResetFor(tenantId, userId) {
      const r = await db.selectFrom('invitations').select(['id', 'created_at']).where('tenant_id', '=', tenantId).where('user_id', '=', userId)
        .where('reset_redemption', '=', 1).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      return r ? { id: r.id, createdDateTime: r.created_at } : undefined;
    },
  };
}
