import type { Invitation, Tenant, TenantSettings, User } from '../model.js';
import type { Repos } from '../ports.js';
import { matchesHash } from '../random.js';
import { redemptionErrors } from './redemption-rules.js';

/** What the redemption pages show and act on: one invitation, its guest and its organization. */
export interface RedemptionTarget {
  tenant: Tenant;
  invitation: Invitation;
  user: User;
  /** The inviting tenant's settings: its privacy statement is linked on the consent page. */
  settings: TenantSettings;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The invitation a link names, if it may still be redeemed. Every failure is the same
 * `invalidLink`, so a prober learns nothing about which part was wrong.
 */
export async function findRedeemable(repos: Repos, tenantId: string, invitationId: string): Promise<RedemptionTarget> {
  if (!GUID.test(tenantId) || !GUID.test(invitationId)) throw redemptionErrors.invalidLink();
  const tenant = await repos.tenants.findById(tenantId.toLowerCase());
  if (!tenant) throw redemptionErrors.invalidLink();
  // Lookups are keyed by the tenant of the link, so another tenant's invitation is simply not found.
  const invitation = await repos.invitations.findById(tenant.id, invitationId.toLowerCase());
  if (!invitation) throw redemptionErrors.invalidLink();
  const user = await repos.users.findById(tenant.id, invitation.userId);
  if (!user || user.externalUserState === null) throw redemptionErrors.invalidLink();
  // A reset redemption (graph-spec §1.6) voids every ticket minted before it.
  const reset = await repos.invitations.latestResetFor(tenant.id, user.id);
  if (reset && reset.id !== invitation.id && isBefore(invitation, reset)) throw redemptionErrors.invalidLink();
  return { tenant, invitation, user, settings: await repos.tenantSettings.get(tenant.id) };
}

/** The link's ticket matches the API's or the mailed link's (both stored hashed; constant time). */
export function ticketMatches(invitation: Invitation, ticket: string): boolean {
  const api = invitation.ticketHash !== null && matchesHash(ticket, invitation.ticketHash);
  const mailed = invitation.mailTicketHash !== null && matchesHash(ticket, invitation.mailTicketHash);
  return api || mailed;
}

function isBefore(invitation: Invitation, reset: { id: string; createdDateTime: string }): boolean {
  if (invitation.createdDateTime !== reset.createdDateTime) return invitation.createdDateTime < reset.createdDateTime;
  // Same millisecond: ids are UUIDv7 and sort in creation order.
  return invitation.id < reset.id;
}
