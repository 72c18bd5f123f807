import type { Clock } from '../clock.js';
import { badRequest, DomainError } from '../errors.js';
import { authorize } from '../identity/authorize.js';
import { initiatorOf, type Principal } from '../identity/principal.js';
import type { AuditRecord, Invitation, InvitationStatus, OutboxMessage, Tenant, User } from '../model.js';
import type { Repos, Store } from '../ports.js';
import type { PolicySource } from '../policies/policy-cache.js';
import { newId, newTicket, sha256 } from '../random.js';
import { guestMailNickname, guestUpn } from './guest-upn.js';
import { validateInvitation, type InvitationInput, type ValidInvitation } from './invitation-input.js';
import { newGuest } from './new-guest.js';
import { redeemUrl } from './redeem-url.js';

export interface InviteResult {
  invitation: Invitation;
  user: User;
  inviteRedeemUrl: string;
}

export interface InviteDeps {
  store: Store;
  clock: Clock;
  publicUrl: string;
  /** Called after a unit that queued mail has committed, so the dispatcher sends it at once. */
  mailQueued?: () => void;
  /** Where the tenant's authorizationPolicy is read (a cache in the server); the store's by default. */
  policies?: PolicySource;
}

export const activities = {
  invite: 'Invite external user',
  reset: 'Invite external user with reset invitation status',
  convert: 'Invite internal user to B2B collaboration',
} as const;

const MAX_UPN_SUFFIX = 1000;

const userNotFound = (id: string) => new DomainError('NotFound', 'Request_ResourceNotFound',
  `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

/**
 * POST /invitations (graph-spec §1): validate, authorize, then in one unit of work find or create
 * the guest, mint a ticket (only its hash is kept), queue the mail and write the audit record.
 */
export async function inviteUser(deps: InviteDeps, principal: Principal, tenant: Tenant, input: InvitationInput): Promise<InviteResult> {
  const v = validateInvitation(input);
  const policy = await (deps.policies ?? deps.store.policies).get(tenant.id);
  authorize(principal, { kind: 'invite', userType: v.userType }, policy);
  if (v.resetRedemption) {
    // Apps (and Helpdesk Administrators) may not reset users holding roles: the target's roles are facts of the decision.
    const targetRoleTemplateIds = v.invitedUserId === null ? [] : await deps.store.roles.templateIdsOf(tenant.id, v.invitedUserId);
    authorize(principal, { kind: 'resetRedemption', targetRoleTemplateIds }, policy);
  }
  const ownDomain = tenant.domains.find((d) => d.isVerified && d.name.toLowerCase() === v.address.asciiDomain);
  if (ownDomain) {
    throw badRequest(`The invited user's email address '${v.email}' is on the domain '${ownDomain.name}', which is verified by this organization; users of the organization's own domains cannot be invited as guests.`, 'invitedUserEmailAddress');
  }

  const ticket = newTicket();
  const result = await inviteNewGuest(deps.store, tenant, v, principal, ticket, deps.clock.now().toISOString()) ?? await deps.store.transact(async (repos) => {
    const now = deps.clock.now().toISOString();
    const { user, status, activity } = v.invitedUserId !== null
      ? await reinviteExisting(repos, tenant, v, principal, now)
      : await findOrCreateGuest(repos, tenant, v, now);
    for (const sponsorId of v.sponsorIds) {
      if (!(await repos.users.findById(tenant.id, sponsorId))) {
        throw badRequest(`The sponsor '${sponsorId}' in property 'invitedUserSponsors' does not exist in this directory.`, 'invitedUserSponsors');
      }
    }
    const sponsorIds = v.sponsorIds.length > 0 ? v.sponsorIds : await defaultSponsors(repos, tenant.id, principal, user);
    if (sponsorIds.length > 0) await repos.users.setSponsors(tenant.id, user.id, sponsorIds);
    const invitation = invitationOf(tenant, v, principal, user, status, sponsorIds, ticket, now);
    await repos.invitations.insert(invitation);
    const mail = mailOf(invitation, now);
    if (mail) await repos.outbox.enqueue(mail);
    await repos.audit.append(auditOf(activity, invitation, user, now));
    return { invitation, user };
  });
  if (result.invitation.sendInvitationMessage && result.invitation.status !== 'Completed') deps.mailQueued?.();
  return { ...result, inviteRedeemUrl: redeemUrl(deps.publicUrl, tenant.id, result.invitation.id, ticket) };
}

/**
 * Entra makes the inviting person the guest's sponsor when the invitation names none (graph-spec
 * §1.2, invitedUserSponsors); an app has no such role, and sponsors already set are kept.
 */
async function defaultSponsors(repos: Repos, tenantId: string, principal: Principal, guest: User): Promise<string[]> {
  if (principal.kind !== 'user' || principal.userId === guest.id) return [];
  if ((await repos.users.sponsors(tenantId, guest.id)).length > 0) return [];
  return (await repos.users.findById(tenantId, principal.userId)) ? [principal.userId] : [];
}

/**
 * The common case in one write, a unit of its own: a new address, no sponsors named and none to
 * default (an app has no person to be the sponsor). Undefined, with nothing written, when the
 * address or the guest's keys turn out to be taken; the general path then finds out by whom.
 */
async function inviteNewGuest(
  store: Store, tenant: Tenant, v: ValidInvitation, principal: Principal, ticket: string, now: string,
): Promise<{ invitation: Invitation; user: User } | undefined> {
  if (v.invitedUserId !== null || v.sponsorIds.length > 0 || principal.kind !== 'app') return undefined;
  const user = newGuest({
    tenant, id: newId(), address: v.address, email: v.email, displayName: v.displayName, userType: v.userType,
    upn: guestUpn(v.address, tenant.initialDomain, 0), mailNickname: guestMailNickname(v.address, 0), now,
  });
  const invitation = invitationOf(tenant, v, principal, user, 'PendingAcceptance', [], ticket, now);
  const written = await store.insertGuestInvitation({
    user, invitation, mail: mailOf(invitation, now), audit: auditOf(activities.invite, invitation, user, now),
    address: v.email, invitedKey: v.address.key,
  });
  return written ? { invitation, user } : undefined;
}

function invitationOf(
  tenant: Tenant, v: ValidInvitation, principal: Principal, user: User, status: InvitationStatus, sponsorIds: string[], ticket: string, now: string,
): Invitation {
  return {
    tenantId: tenant.id, id: newId(), userId: user.id, invitedUserEmailAddress: v.email,
    invitedUserDisplayName: v.displayName, invitedUserType: v.userType, inviteRedirectUrl: v.redirectUrl,
    sendInvitationMessage: v.sendMessage, resetRedemption: v.resetRedemption, messageInfo: v.messageInfo,
    sponsorIds, status, ticketHash: sha256(ticket), mailTicketHash: null, createdDateTime: now, invitedBy: initiatorOf(principal),
  };
}

/** The invitation mail to queue, if any: an accepted guest already has access, and Entra sends no new mail for a Completed invitation. */
function mailOf(invitation: Invitation, now: string): OutboxMessage | null {
  if (!invitation.sendInvitationMessage || invitation.status === 'Completed') return null;
  // The ticket stays out of the outbox; the dispatcher mints the mailed link's own ticket.
  return {
    tenantId: invitation.tenantId, id: newId(), kind: 'invitation-mail', createdDateTime: now,
    payload: { invitationId: invitation.id, userId: invitation.userId },
  };
}

function auditOf(activity: string, invitation: Invitation, user: User, now: string): AuditRecord {
  return {
    tenantId: invitation.tenantId, id: newId(), activityDisplayName: activity, category: 'UserManagement',
    loggedByService: 'Invited Users', initiatedBy: invitation.invitedBy,
    targetResources: [{ id: user.id, type: 'User', userPrincipalName: user.userPrincipalName }],
    result: 'success', resultReason: '', activityDateTime: now,
  };
}

interface Outcome { user: User; status: InvitationStatus; activity: string }

async function findOrCreateGuest(repos: Repos, tenant: Tenant, v: ValidInvitation, now: string): Promise<Outcome> {
  const known = await repos.users.findByAnyAddress(tenant.id, v.email, v.address.key);
  const existing = known.find((u) => u.invitedAddressKey === v.address.key);
  if (existing) {
    // The same address again: the same user, never a duplicate (graph-spec §1.6).
    return { user: existing, status: existing.externalUserState === 'Accepted' ? 'Completed' : 'PendingAcceptance', activity: activities.invite };
  }
  if (known.length > 0) {
    throw badRequest(`The invited user already exists in the directory as object ID: ${known[0].id}. Invite that user by setting 'invitedUser' to its id instead.`, 'invitedUserEmailAddress');
  }
  // Optimistic insert: the unique keys on UPN and invited address decide, so concurrent requests
  // in any number of processes make one guest. A taken key means either a concurrent invitation of
  // the same address (return its guest) or another user with this UPN (try the next suffix).
  for (let suffix = 0; suffix <= MAX_UPN_SUFFIX; suffix++) {
    const user = newGuest({
      tenant, id: newId(), address: v.address, email: v.email, displayName: v.displayName, userType: v.userType,
      upn: guestUpn(v.address, tenant.initialDomain, suffix), mailNickname: guestMailNickname(v.address, suffix), now,
    });
    if (await repos.users.insertIfAbsent(user)) return { user, status: 'PendingAcceptance', activity: activities.invite };
    const raced = await repos.users.findByInvitedAddress(tenant.id, v.address.key);
    if (raced) return { user: raced, status: raced.externalUserState === 'Accepted' ? 'Completed' : 'PendingAcceptance', activity: activities.invite };
  }
  throw badRequest(`No free user principal name could be made for '${v.email}'.`, 'invitedUserEmailAddress');
}

/** `invitedUser: {id}`: reset a guest's redemption, or invite an internal user to B2B (graph-spec §1.6). */
async function reinviteExisting(repos: Repos, tenant: Tenant, v: ValidInvitation, principal: Principal, now: string): Promise<Outcome> {
  const id = v.invitedUserId as string;
  const user = await repos.users.findById(tenant.id, id);
  if (!user) throw userNotFound(id);
  const addresses = [user.mail, ...user.otherMails].filter((a): a is string => a !== null).map((a) => a.toLowerCase());
  if (!addresses.includes(v.email.toLowerCase())) {
    throw badRequest(`The address '${v.email}' must first be set as the user's mail or in otherMails before it can be used to invite the user.`, 'invitedUserEmailAddress');
  }
  const holder = await repos.users.findByInvitedAddress(tenant.id, v.address.key);
  if (holder && holder.id !== user.id) {
    throw badRequest(`The address '${v.email}' is already the invited address of another user (object ID: ${holder.id}).`, 'invitedUserEmailAddress');
  }
  if (v.resetRedemption) {
    if (principal.kind === 'app' && user.userType === 'Member' && user.creationType !== 'Invitation' && user.externalUserState === null) {
      throw badRequest('Redemption can only be reset for users that were invited; invite an internal user without resetRedemption.', 'resetRedemption');
    }
  } else if (user.externalUserState !== null) {
    throw badRequest(`The user '${id}' is already a B2B collaboration user; set 'resetRedemption' to true to reset its redemption.`, 'invitedUser');
  }
  // Keep object id, UPN, memberships; the next redemption replaces the sign-in identity.
  const updated: User = {
    ...user,
    externalUserState: 'PendingAcceptance',
    externalUserStateChangeDateTime: now,
    invitedAddressKey: v.address.key,
    identities: user.identities.filter((i) => i.signInType === 'userPrincipalName'),
  };
  await repos.users.update(updated);
  return { user: updated, status: 'PendingAcceptance', activity: v.resetRedemption ? activities.reset : activities.convert };
}
