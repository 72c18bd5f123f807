import type { ObjectIdentity, User } from '../model.js';
import { newId } from '../random.js';
import { findRedeemable } from './redemption-ticket.js';
import { redemptionErrors } from './redemption-rules.js';
import { spendForm, type LiveSession, type RedemptionDeps } from './redemption-session.js';

export const redeemActivity = 'Redeem external user invite';

/**
 * "Accept" on the Review permissions page (graph-spec §5.2): in one unit of work the guest becomes
 * Accepted, gains the identity it proved the address with (passcode or home account), the invitation is
 * Completed and the audit log records "Redeem external user invite" (graph-spec §5.4). The caller
 * then sends the browser to the invitation's own stored redirect URL, never to one from the request.
 */
export async function redeemInvitation(deps: RedemptionDeps, live: LiveSession, csrf: string): Promise<{ redirectUrl: string }> {
  const was = live.session.state;
  return deps.store.transact(async (r) => {
    // The token first: a replayed Accept is a spent form whatever state the session is in.
    await spendForm(r, live, csrf, 'done');
    if (was !== 'verified') throw redemptionErrors.notVerified();
    // Read again inside the unit: a reset or a deletion since the page was shown wins.
    const { tenant, invitation, user } = await findRedeemable(r, live.target.tenant.id, live.target.invitation.id);
    const now = deps.clock.now().toISOString();
    if (user.externalUserState !== 'Accepted') await r.users.update(accepted(user, provenIdentity(live, invitation.invitedUserEmailAddress), now));
    await r.invitations.setStatus(tenant.id, invitation.id, 'Completed');
    await r.audit.append({
      tenantId: tenant.id, id: newId(), activityDisplayName: redeemActivity, category: 'UserManagement',
      loggedByService: 'Invited Users',
      initiatedBy: { kind: 'user', userId: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName },
      targetResources: [{ id: user.id, type: 'User', userPrincipalName: user.userPrincipalName }],
      result: 'success', resultReason: '', activityDateTime: now,
    });
    return { redirectUrl: invitation.inviteRedirectUrl };
  });
}

/** "Cancel": the invitation stays pending and the session ends; the link still works later. */
export async function cancelRedemption(deps: RedemptionDeps, live: LiveSession, csrf: string): Promise<void> {
  await deps.store.transact(async (r) => {
    await spendForm(r, live, csrf, 'done');
    await r.redemption.deleteSession(live.session.tenantId, live.session.id);
  });
}

/**
 * The identity the session proved the address with, as Entra shows it on the guest: a passcode is
 * the `mail` issuer with the address; a sign-in with the invitee's account in another tenant is a
 * guest "from another Microsoft Entra organization", `federated` by `ExternalAzureAD` with no
 * issuerAssignedId (entra-docs external-id/user-properties.md, "Identities"; docs/compatibility.md).
 */
function provenIdentity(live: LiveSession, address: string): ObjectIdentity {
  return live.session.proof === 'homeAccount'
    ? { signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }
    : { signInType: 'emailAddress', issuer: 'mail', issuerAssignedId: address };
}

/** The guest after consent, with the identity it proved (once, however often it redeems). */
function accepted(user: User, identity: ObjectIdentity, now: string): User {
  const same = (id: string | null) => (id ?? '').toLowerCase() === (identity.issuerAssignedId ?? '').toLowerCase();
  const has = user.identities.some((i) => i.signInType === identity.signInType && i.issuer === identity.issuer && same(i.issuerAssignedId));
  return {
    ...user,
    externalUserState: 'Accepted',
    externalUserStateChangeDateTime: now,
    identities: has ? user.identities : [...user.identities, identity],
  };
}
