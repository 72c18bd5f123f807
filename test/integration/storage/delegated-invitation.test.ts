import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { AppPrincipal, UserPrincipal } from '../../../src/domain/identity/principal.js';
import { inviteUser } from '../../../src/domain/invitations/invite-user.js';
import type { Tenant, User } from '../../../src/domain/model.js';
import type { Store } from '../../../src/domain/ports.js';
import { updateAuthorizationPolicy } from '../../../src/domain/policies/authorization-policy-use-cases.js';
import { assignDirectoryRole } from '../../../src/domain/roles/assign-directory-role.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { createUser } from '../../../src/domain/users/create-user.js';
import { openStore } from '../../../src/storage/open-store.js';
import { withDatabases } from '../../helpers/databases.js';

/**
 * The delegated side of POST /invitations on a real store, until delegated tokens exist (the
 * identity helper's branch): a UserPrincipal is what the token verifier will make of a user token,
 * with `wids` read through the store's templateIdsOf as the token endpoint will.
 */
const redirect = 'https://myapp.contoso.com';

async function setUp(store: Store): Promise<{ tenant: Tenant; member: User; colleague: User }> {
  const tenant = await createTenant(store, systemClock, { name: 'Delegated Corp', domains: ['delegated.example'], domainSuffix: 'onmicrosoft.com' });
  const admin: AppPrincipal = { kind: 'app', tenantId: tenant.id, appId: 'a', servicePrincipalId: 'sp', displayName: 'Provisioning', roles: ['User.ReadWrite.All'] };
  const make = (nick: string) => createUser(store, systemClock, admin, tenant, {
    accountEnabled: true, displayName: nick, mailNickname: nick, userPrincipalName: `${nick}@delegated.example`, passwordProfile: { password: 'Str0ng!Passw0rd' },
  });
  return { tenant, member: await make('maria'), colleague: await make('carl') };
}

async function signedIn(store: Store, tenant: Tenant, user: User, scopes = ['User.Invite.All']): Promise<UserPrincipal> {
  return {
    kind: 'user', tenantId: tenant.id, appId: 'portal', servicePrincipalId: 'portal-sp', appDisplayName: 'Portal', userId: user.id,
    userPrincipalName: user.userPrincipalName, displayName: user.displayName, userType: user.userType, scopes,
    roleTemplateIds: await store.roles.templateIdsOf(tenant.id, user.id),
  };
}

describe('delegated invitations on a real store', () => {
  it('the inviting member becomes the default sponsor and the initiator of the audit record', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const { tenant, member, colleague } = await setUp(store);
        const deps = { store, clock: systemClock, publicUrl: 'https://portico.test' };
        const maria = await signedIn(store, tenant, member);
        const first = await inviteUser(deps, maria, tenant, { invitedUserEmailAddress: 'gil@partner.example', inviteRedirectUrl: redirect });
        assert.deepEqual(await store.users.sponsors(tenant.id, first.user.id), [member.id]);
        assert.deepEqual(first.invitation.sponsorIds, [member.id]);
        const audit = (await store.audit.list(tenant.id)).find((a) => a.activityDisplayName === 'Invite external user');
        assert.deepEqual(audit?.initiatedBy, { kind: 'user', userId: member.id, userPrincipalName: member.userPrincipalName, displayName: 'maria' });
        assert.deepEqual(first.invitation.invitedBy, audit?.initiatedBy);

        // Invited again by someone else: the first sponsor stays.
        const carl = await signedIn(store, tenant, colleague);
        const again = await inviteUser(deps, carl, tenant, { invitedUserEmailAddress: 'gil@partner.example', inviteRedirectUrl: redirect });
        assert.equal(again.user.id, first.user.id);
        assert.deepEqual(await store.users.sponsors(tenant.id, first.user.id), [member.id]);

        // Sponsors named in the invitation win over the default.
        const named = await inviteUser(deps, maria, tenant, { invitedUserEmailAddress: 'hal@partner.example', inviteRedirectUrl: redirect, invitedUserSponsorIds: [colleague.id] });
        assert.deepEqual(await store.users.sponsors(tenant.id, named.user.id), [colleague.id]);

        // An app is no sponsor.
        const app: AppPrincipal = { kind: 'app', tenantId: tenant.id, appId: 'a', servicePrincipalId: 'sp', displayName: 'Daemon', roles: ['User.Invite.All'] };
        const byApp = await inviteUser(deps, app, tenant, { invitedUserEmailAddress: 'ivy@partner.example', inviteRedirectUrl: redirect });
        assert.deepEqual(await store.users.sponsors(tenant.id, byApp.user.id), []);
      } finally {
        await store.close();
      }
    });
  });

  it('under adminsAndGuestInviters a member invites only after being made Guest Inviter; Member invitations need an admin', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const { tenant, member } = await setUp(store);
        const deps = { store, clock: systemClock, publicUrl: 'https://portico.test' };
        await updateAuthorizationPolicy({ store, policies: store.policies }, 'cli', tenant.id, { allowInvitesFrom: 'adminsAndGuestInviters' });
        const denied = (err: unknown) => err instanceof DomainError && err.status === 403 && err.code === 'Authorization_RequestDenied';
        const before = (await store.users.page(tenant.id, null, 100)).users.length;
        await assert.rejects(inviteUser(deps, await signedIn(store, tenant, member), tenant, { invitedUserEmailAddress: 'jo@partner.example', inviteRedirectUrl: redirect }), denied);
        assert.equal((await store.users.page(tenant.id, null, 100)).users.length, before);

        await assignDirectoryRole({ store, clock: systemClock, policies: store.policies }, 'cli', tenant, { role: 'Guest Inviter', user: member.userPrincipalName });
        const inviter = await signedIn(store, tenant, member);
        assert.deepEqual(inviter.roleTemplateIds, ['95e79109-95c0-4d8e-aee3-d01accf2d47b']);
        const ok = await inviteUser(deps, inviter, tenant, { invitedUserEmailAddress: 'jo@partner.example', inviteRedirectUrl: redirect });
        assert.equal(ok.invitation.status, 'PendingAcceptance');
        await assert.rejects(inviteUser(deps, inviter, tenant, { invitedUserEmailAddress: 'kim@partner.example', inviteRedirectUrl: redirect, invitedUserType: 'Member' }), denied);

        await assignDirectoryRole({ store, clock: systemClock, policies: store.policies }, 'cli', tenant, { role: 'fe930be7-5e62-47db-91af-98c3a49a38b1', user: member.id });
        const admin = await signedIn(store, tenant, member);
        const asMember = await inviteUser(deps, admin, tenant, { invitedUserEmailAddress: 'kim@partner.example', inviteRedirectUrl: redirect, invitedUserType: 'Member' });
        assert.equal(asMember.user.userType, 'Member');
      } finally {
        await store.close();
      }
    });
  });
});
