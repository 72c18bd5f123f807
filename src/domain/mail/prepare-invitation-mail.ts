import type { Clock } from '../clock.js';
import { redeemUrl } from '../invitations/redeem-url.js';
import type { AuditRecord, Invitation, User } from '../model.js';
import type { Store } from '../ports.js';
import { newId, newTicket, sha256 } from '../random.js';
import type { TenantCache } from '../tenants/tenant-cache.js';
import { invitationMailEnvelope, invitationMailView, type InvitationMailEnvelope, type InvitationMailView } from './invitation-mail.js';

export interface PreparedInvitationMail {
  view: InvitationMailView;
  envelope: InvitationMailEnvelope;
  invitation: Invitation;
  guest: User;
}

export interface PrepareDeps {
  store: Store;
  tenants: TenantCache;
  publicUrl: string;
}

export type PrepareOutcome = PreparedInvitationMail | { gone: string };

/**
 * Gathers what each claimed invitation mail needs and mints each mailed link's own ticket: only its
 * SHA-256 is stored (before the mail leaves, so the link works the moment it arrives), the ticket
 * itself lives only in the mail. A retry mints a new one; the receiver sees the same Message-ID.
 * A batch is read with a few queries a tenant rather than five a mail (on PostgreSQL every round
 * trip costs the dispatcher more CPU than rendering the mail), and its hashes are stored in one
 * statement. The outcomes follow the order of `mails`; a mail whose tenant, invitation or guest no
 * longer exists gets the reason instead.
 */
export async function prepareInvitationMails(deps: PrepareDeps, mails: readonly { tenantId: string; payload: unknown }[]): Promise<PrepareOutcome[]> {
  const out: PrepareOutcome[] = new Array<PrepareOutcome>(mails.length);
  const byTenant = new Map<string, number[]>();
  mails.forEach((m, i) => {
    const indexes = byTenant.get(m.tenantId);
    if (indexes) indexes.push(i);
    else byTenant.set(m.tenantId, [i]);
  });
  for (const [tenantId, indexes] of byTenant) {
    const tenant = await deps.tenants.get(tenantId);
    if (!tenant) {
      for (const i of indexes) out[i] = { gone: 'the tenant no longer exists' };
      continue;
    }
    const refs = indexes.map((i) => mails[i].payload as { invitationId: string; userId: string });
    const invitations = byId(await deps.store.invitations.findByIds(tenantId, distinct(refs.map((r) => r.invitationId))));
    const inviterIds = [...invitations.values()].flatMap((inv) => (inv.invitedBy.kind === 'user' ? [inv.invitedBy.userId] : []));
    const users = byId(await deps.store.users.findByIds(tenantId, distinct([...refs.map((r) => r.userId), ...inviterIds].map(lower))), lower);
    const settings = await deps.store.tenantSettings.get(tenantId);
    // One ticket an invitation, even if a batch held two mails of it.
    const tickets = new Map<string, string>();
    indexes.forEach((i, k) => {
      const invitation = invitations.get(refs[k].invitationId);
      if (!invitation) return void (out[i] = { gone: 'the invitation no longer exists' });
      const guest = users.get(refs[k].userId.toLowerCase());
      if (!guest) return void (out[i] = { gone: 'the invited user was deleted' });
      const by = invitation.invitedBy;
      const inviterMail = by.kind === 'user' ? users.get(by.userId.toLowerCase())?.mail ?? null : null;
      const ticket = tickets.get(invitation.id) ?? newTicket();
      tickets.set(invitation.id, ticket);
      const facts = { invitation, guest, tenant, settings, inviterMail, redeemUrl: redeemUrl(deps.publicUrl, tenantId, invitation.id, ticket) };
      out[i] = { view: invitationMailView(facts), envelope: invitationMailEnvelope(facts), invitation, guest };
    });
    const hashes = [...tickets].map(([id, ticket]) => ({ id, hash: sha256(ticket) }));
    if (hashes.length > 0) await deps.store.transact((r) => r.invitations.setMailTicketHashes(tenantId, hashes));
  }
  return out;
}

const distinct = (ids: string[]): string[] => [...new Set(ids)];
/** Users' ids are matched case-insensitively (as users.findById does), invitations' exactly. */
const byId = <T extends { id: string }>(items: T[], fold = (id: string) => id): Map<string, T> => new Map(items.map((x) => [fold(x.id), x]));
const lower = (id: string) => id.toLowerCase();

/** Audit activity of a delivered or undeliverable invitation mail (issue 5). */
export const invitationEmailActivity = 'Invitation Email';

export function invitationEmailAudit(clock: Clock, invitation: Invitation, guest: User, ok: boolean, reason: string): AuditRecord {
  return {
    tenantId: invitation.tenantId, id: newId(), activityDisplayName: invitationEmailActivity, category: 'UserManagement',
    loggedByService: 'Invited Users', initiatedBy: invitation.invitedBy,
    targetResources: [{ id: guest.id, type: 'User', userPrincipalName: guest.userPrincipalName }],
    result: ok ? 'success' : 'failure', resultReason: reason, activityDateTime: clock.now().toISOString(),
  };
}
