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

/**
 * Gathers what an invitation mail needs and mints the mailed link's own ticket: only its SHA-256 is
 * stored (before the mail leaves, so the link works the moment it arrives), the ticket itself lives
 * only in the mail. A retry mints a new one; the receiver sees the same Message-ID.
 * Returns a reason instead when the invitation or its guest no longer exists.
 */
export async function prepareInvitationMail(deps: PrepareDeps, tenantId: string, payload: unknown): Promise<PreparedInvitationMail | { gone: string }> {
  const { invitationId, userId } = payload as { invitationId: string; userId: string };
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) return { gone: 'the tenant no longer exists' };
  const invitation = await deps.store.invitations.findById(tenantId, invitationId);
  if (!invitation) return { gone: 'the invitation no longer exists' };
  const guest = await deps.store.users.findById(tenantId, userId);
  if (!guest) return { gone: 'the invited user was deleted' };
  const settings = await deps.store.tenantSettings.get(tenantId);
  const by = invitation.invitedBy;
  const inviterMail = by.kind === 'user' ? (await deps.store.users.findById(tenantId, by.userId))?.mail ?? null : null;
  const ticket = newTicket();
  await deps.store.transact((r) => r.invitations.setMailTicketHash(tenantId, invitation.id, sha256(ticket)));
  const facts = { invitation, guest, tenant, settings, inviterMail, redeemUrl: redeemUrl(deps.publicUrl, tenantId, invitation.id, ticket) };
  return { view: invitationMailView(facts), envelope: invitationMailEnvelope(facts), invitation, guest };
}

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
