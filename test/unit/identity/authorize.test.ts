import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, type Action } from '../../../src/domain/identity/authorize.js';
import type { AppPrincipal, Principal, UserPrincipal } from '../../../src/domain/identity/principal.js';
import { defaultAuthorizationPolicy, type AllowInvitesFrom, type AuthorizationPolicy } from '../../../src/domain/policies/authorization-policy.js';
import type { UserType } from '../../../src/domain/model.js';

/**
 * The decision table of issue 4 (policy × role × scope × Guest/Member/reset, app and delegated),
 * written from the documentation rather than from the code: authorizationpolicy.md's
 * allowInvitesFrom table, invitation-post.md's permissions and roles, reset-redemption-status.md.
 */
const GA = '62e90394-69f5-4237-9190-012177145e10';
const UA = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const HA = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const GI = '95e79109-95c0-4d8e-aee3-d01accf2d47b';
const DW = '9360feb5-f418-4baa-8175-e2a00bac4301';
const DR = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
const GR = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';
const PRA = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
const roleNames: Record<string, string> = { [GA]: 'Global Administrator', [UA]: 'User Administrator', [HA]: 'Helpdesk Administrator', [GI]: 'Guest Inviter', [DW]: 'Directory Writers', [DR]: 'Directory Readers', [GR]: 'Global Reader', [PRA]: 'Privileged Role Administrator' };

const TENANT = '11111111-1111-4111-8111-111111111111';
const SELF = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

const policies: AllowInvitesFrom[] = ['none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone'];
const roles: (string | null)[] = [null, GI, UA, GA, HA, DW, DR];
const scopes: (string | null)[] = [null, 'User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All', 'User.Read.All', 'User.ReadBasic.All'];
const userTypes: UserType[] = ['Member', 'Guest'];

function policy(allowInvitesFrom: AllowInvitesFrom, extra: Partial<AuthorizationPolicy> = {}): AuthorizationPolicy {
  return { ...defaultAuthorizationPolicy(TENANT), allowInvitesFrom, ...extra };
}

function person(userType: UserType, role: string | null, scope: string | null, wids: string[] = role ? [role] : []): UserPrincipal {
  return {
    kind: 'user', tenantId: TENANT, appId: 'app', servicePrincipalId: 'sp', appDisplayName: 'Portal', userId: SELF,
    userPrincipalName: 'me@contoso.com', displayName: 'Me', userType, scopes: scope ? [scope, 'openid', 'profile'] : ['openid'], roleTemplateIds: wids,
  };
}

function app(permission: string | null): AppPrincipal {
  return { kind: 'app', tenantId: TENANT, appId: 'app', servicePrincipalId: 'sp', displayName: 'Daemon', roles: permission ? [permission] : [] };
}

const allowed = (p: Principal, a: Action, pol: AuthorizationPolicy) => decide(p, a, pol).allowed;
const label = (r: string | null) => (r ? roleNames[r] : 'no role');

// --- The documented rules, as tables ----------------------------------------------------------
const inviteScopes = ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
const resetScopes = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
/** authorizationpolicy.md: who may invite external users, per value. */
const personMayInvite: Record<AllowInvitesFrom, (t: UserType, r: string | null) => boolean> = {
  none: () => false,
  adminsAndGuestInviters: (_t, r) => r === GA || r === UA || r === GI,
  adminsGuestInvitersAndAllMembers: (t, r) => t === 'Member' || r === GA || r === UA || r === GI,
  everyone: () => true,
};

describe('the decision: delegated invitations (policy × role × scope × user type)', () => {
  for (const pol of policies) {
    for (const role of roles) {
      for (const scope of scopes) {
        for (const type of userTypes) {
          const p = person(type, role, scope);
          const scopeOk = scope !== null && inviteScopes.includes(scope);
          const guestOk = scopeOk && personMayInvite[pol](type, role);
          const memberOk = guestOk && (role === GA || role === UA);
          const resetOk = scope !== null && resetScopes.includes(scope) && pol !== 'none' && (role === GA || role === UA || role === HA);
          it(`${pol} / ${type} / ${label(role)} / ${scope ?? 'no scope'}: Guest ${guestOk}, Member ${memberOk}, reset ${resetOk}`, () => {
            assert.equal(allowed(p, { kind: 'invite', userType: 'Guest' }, policy(pol)), guestOk);
            assert.equal(allowed(p, { kind: 'invite', userType: 'Member' }, policy(pol)), memberOk);
            assert.equal(allowed(p, { kind: 'resetRedemption', targetRoleTemplateIds: [] }, policy(pol)), resetOk);
          });
        }
      }
    }
  }
});

describe('the decision: app-only invitations (policy × permission)', () => {
  const perms = [null, ...inviteScopes, 'User.Read.All', 'Directory.Read.All', 'RoleManagement.ReadWrite.Directory'];
  for (const pol of policies) {
    for (const perm of perms) {
      const inviteOk = perm !== null && inviteScopes.includes(perm) && pol !== 'none';
      const resetOk = perm !== null && resetScopes.includes(perm) && pol !== 'none';
      it(`${pol} / ${perm ?? 'no permission'}: Guest and Member ${inviteOk}, reset ${resetOk}, reset of a role holder false`, () => {
        for (const userType of userTypes) assert.equal(allowed(app(perm), { kind: 'invite', userType }, policy(pol)), inviteOk);
        assert.equal(allowed(app(perm), { kind: 'resetRedemption', targetRoleTemplateIds: [] }, policy(pol)), resetOk);
        assert.equal(allowed(app(perm), { kind: 'resetRedemption', targetRoleTemplateIds: [DR] }, policy(pol)), false);
      });
    }
  }
});

describe('the decision: single cases worth naming', () => {
  const cases: [string, Principal, Action, AuthorizationPolicy, boolean][] = [
    ['a guest holding Guest Inviter may invite under adminsAndGuestInviters', person('Guest', GI, 'User.Invite.All'), { kind: 'invite', userType: 'Guest' }, policy('adminsAndGuestInviters'), true],
    ['a Directory Writer is no admin for allowInvitesFrom', person('Member', DW, 'User.Invite.All'), { kind: 'invite', userType: 'Guest' }, policy('adminsAndGuestInviters'), false],
    ['a Global Administrator may not invite when invitations are off', person('Member', GA, 'Directory.ReadWrite.All'), { kind: 'invite', userType: 'Guest' }, policy('none'), false],
    ['a Global Administrator needs a scope', person('Member', GA, 'User.Read.All'), { kind: 'invite', userType: 'Guest' }, policy('everyone'), false],
    ['a guest may invite under everyone', person('Guest', null, 'User.Invite.All'), { kind: 'invite', userType: 'Guest' }, policy('everyone'), true],
    ['a Guest Inviter may not invite a Member', person('Member', GI, 'User.Invite.All'), { kind: 'invite', userType: 'Member' }, policy('everyone'), false],
    ['a User Administrator may invite a Member with User.Invite.All', person('Member', UA, 'User.Invite.All'), { kind: 'invite', userType: 'Member' }, policy('adminsAndGuestInviters'), true],
    ['one qualifying role among several suffices', person('Member', null, 'User.Invite.All', [DR, GI]), { kind: 'invite', userType: 'Guest' }, policy('adminsAndGuestInviters'), true],
    ['role ids in wids compare case-insensitively', person('Member', null, 'User.Invite.All', [GI.toUpperCase()]), { kind: 'invite', userType: 'Guest' }, policy('adminsAndGuestInviters'), true],
    ['User.Invite.All is not enough to reset', person('Member', UA, 'User.Invite.All'), { kind: 'resetRedemption', targetRoleTemplateIds: [] }, policy('everyone'), false],
    ['a Helpdesk Administrator resets a user without roles', person('Member', HA, 'User.ReadWrite.All'), { kind: 'resetRedemption', targetRoleTemplateIds: [] }, policy('everyone'), true],
    ['a Helpdesk Administrator cannot reset an administrator', person('Member', HA, 'User.ReadWrite.All'), { kind: 'resetRedemption', targetRoleTemplateIds: [GI] }, policy('everyone'), false],
    ['a User Administrator can reset an administrator', person('Member', UA, 'User.ReadWrite.All'), { kind: 'resetRedemption', targetRoleTemplateIds: [GI] }, policy('everyone'), true],
    ['an app resets a user without roles', app('User.ReadWrite.All'), { kind: 'resetRedemption', targetRoleTemplateIds: [] }, policy('adminsAndGuestInviters'), true],
    ['an app cannot reset a role holder', app('Directory.ReadWrite.All'), { kind: 'resetRedemption', targetRoleTemplateIds: [GA] }, policy('everyone'), false],
    // Reads.
    ['a member lists users with User.ReadBasic.All', person('Member', null, 'User.ReadBasic.All'), { kind: 'listUsers' }, policy('everyone'), true],
    ['a member without a user scope cannot list', person('Member', GA, 'User.Invite.All'), { kind: 'listUsers' }, policy('everyone'), false],
    ['guests cannot list users', person('Guest', null, 'User.Read.All'), { kind: 'listUsers' }, policy('everyone'), false],
    ['a guest with Directory Readers lists users', person('Guest', DR, 'User.Read.All'), { kind: 'listUsers' }, policy('everyone'), true],
    ['guests list users when their role is User', person('Guest', null, 'User.Read.All'), { kind: 'listUsers' }, policy('everyone', { guestUserRoleId: 'a0b1b346-4d3e-4e8b-98f8-753987be4970' }), true],
    ['a guest may look another user up by default', person('Guest', null, 'User.Read.All'), { kind: 'readUser', target: OTHER }, policy('everyone'), true],
    ['a restricted guest may not look another user up', person('Guest', null, 'User.Read.All'), { kind: 'readUser', target: OTHER }, policy('everyone', { guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b' }), false],
    ['a restricted guest reads itself by id', person('Guest', null, 'User.Read.All'), { kind: 'readUser', target: SELF }, policy('everyone', { guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b' }), true],
    ['a restricted guest reads itself by UPN', person('Guest', null, 'User.Read.All'), { kind: 'readUser', target: 'ME@contoso.com' }, policy('everyone', { guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b' }), true],
    ['members cannot list when allowedToReadOtherUsers is off', person('Member', null, 'User.Read.All'), { kind: 'listUsers' }, { ...policy('everyone'), defaultUserRolePermissions: { ...policy('everyone').defaultUserRolePermissions, allowedToReadOtherUsers: false } }, false],
    ['an app reads users whatever the guest settings', app('User.Read.All'), { kind: 'listUsers' }, policy('none', { guestUserRoleId: '2af84b1e-32c8-42b7-82bc-daa82404023b' }), true],
    // Writes.
    ['a Directory Writer creates users', person('Member', DW, 'User.ReadWrite.All'), { kind: 'createUser' }, policy('everyone'), true],
    ['a Directory Writer cannot delete users', person('Member', DW, 'User.ReadWrite.All'), { kind: 'deleteUser' }, policy('everyone'), false],
    ['a member without a role cannot update users', person('Member', null, 'User.ReadWrite.All'), { kind: 'updateUser' }, policy('everyone'), false],
    ['a User Administrator deletes users', person('Member', UA, 'Directory.ReadWrite.All'), { kind: 'deleteUser' }, policy('everyone'), true],
    // Roles and the policy.
    ['members read roles', person('Member', null, 'RoleManagement.Read.Directory'), { kind: 'readRoles' }, policy('everyone'), true],
    ['guests do not read roles', person('Guest', null, 'RoleManagement.Read.Directory'), { kind: 'readRoles' }, policy('everyone'), false],
    ['a Privileged Role Administrator assigns roles', person('Member', PRA, 'RoleManagement.ReadWrite.Directory'), { kind: 'manageRoles' }, policy('everyone'), true],
    ['a User Administrator does not assign roles', person('Member', UA, 'RoleManagement.ReadWrite.Directory'), { kind: 'manageRoles' }, policy('everyone'), false],
    ['Directory.ReadWrite.All does not assign roles', app('Directory.ReadWrite.All'), { kind: 'manageRoles' }, policy('everyone'), false],
    ['a Global Reader reads the policy', person('Member', GR, 'Policy.Read.All'), { kind: 'readPolicy' }, policy('everyone'), true],
    ['a Global Reader does not change the policy', person('Member', GR, 'Policy.ReadWrite.Authorization'), { kind: 'updatePolicy' }, policy('everyone'), false],
    ['a Global Administrator changes the policy', person('Member', GA, 'Policy.ReadWrite.Authorization'), { kind: 'updatePolicy' }, policy('everyone'), true],
    ['an app with Policy.Read.All does not change the policy', app('Policy.Read.All'), { kind: 'updatePolicy' }, policy('everyone'), false],
    ['anyone signed in reads the organization with User.Read', person('Guest', null, 'User.Read'), { kind: 'readOrganization' }, policy('none'), true],
  ];
  for (const [name, principal, action, pol, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      const d = decide(principal, action, pol);
      assert.equal(d.allowed, expected, d.allowed ? 'allowed' : d.reason);
    });
  }
});
