import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { countRows, GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

const redirect = 'https://myapp.contoso.com';
const GUEST_USER = '10dae51f-b6af-4016-8d66-8c2a99b929b3';
const RESTRICTED = '2af84b1e-32c8-42b7-82bc-daa82404023b';
let n = 0;
const email = () => `pol${++n}@partner.example`;

for (const dialect of dialects()) {
  describe(`policies/authorizationPolicy (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let admin: TestApp;
    let policyReader: TestApp;
    let inviter: TestApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Policy Corp');
      admin = await h.appWith(tenant, ['Policy.ReadWrite.Authorization']);
      policyReader = await h.appWith(tenant, ['Policy.Read.All']);
      inviter = await h.appWith(tenant, ['User.Invite.All', 'User.ReadWrite.All']);
    });
    after(async () => h.stop());

    const get = async (token = policyReader.token) => (await h.graph(token, 'GET', '/v1.0/policies/authorizationPolicy')).json();
    const patch = (body: unknown, token = admin.token, url = '/v1.0/policies/authorizationPolicy') => h.graph(token, 'PATCH', url, body);

    it('a tenant that never changed it reads Graph\'s defaults in Graph\'s shape', async () => {
      const p = await get();
      assert.equal(p['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#policies/authorizationPolicy/$entity`);
      assert.equal(p.id, 'authorizationPolicy');
      assert.equal(p.displayName, 'Authorization Policy');
      assert.equal(p.allowInvitesFrom, 'everyone');
      assert.equal(p.guestUserRoleId, GUEST_USER);
      assert.equal(p.allowedToSignUpEmailBasedSubscriptions, true);
      assert.equal(p.blockMsolPowerShell, null);
      assert.equal(p.defaultUserRolePermissions.allowedToReadOtherUsers, true);
    });

    it('beta shows a collection of one, and the entity under its id', async () => {
      const list = (await h.graph(policyReader.token, 'GET', '/beta/policies/authorizationPolicy')).json();
      assert.equal(list['@odata.context'], `${PUBLIC_URL}/beta/$metadata#policies/authorizationPolicy`);
      assert.equal(list.value[0].id, 'authorizationPolicy');
      const one = (await h.graph(policyReader.token, 'GET', '/beta/policies/authorizationPolicy/authorizationPolicy')).json();
      assert.equal(one.allowInvitesFrom, 'everyone');
    });

    it('PATCH stores the given properties and keeps the rest', async () => {
      const res = await patch({
        allowedToSignUpEmailBasedSubscriptions: false, guestUserRoleId: RESTRICTED, blockMsolPowerShell: true,
        defaultUserRolePermissions: { allowedToCreateApps: false },
      });
      assert.equal(res.statusCode, 204, res.body);
      const p = await get();
      assert.equal(p.allowedToSignUpEmailBasedSubscriptions, false);
      assert.equal(p.guestUserRoleId, RESTRICTED);
      assert.equal(p.blockMsolPowerShell, true);
      assert.equal(p.defaultUserRolePermissions.allowedToCreateApps, false);
      assert.equal(p.defaultUserRolePermissions.allowedToReadOtherUsers, true);
      assert.equal(p.allowInvitesFrom, 'everyone');
      assert.equal((await patch({ guestUserRoleId: GUEST_USER.toUpperCase() }, admin.token, '/beta/policies/authorizationPolicy/authorizationPolicy')).statusCode, 204);
      assert.equal((await get()).guestUserRoleId, GUEST_USER);
    });

    const bad: [string, unknown][] = [
      ['an unknown allowInvitesFrom', { allowInvitesFrom: 'admins' }],
      ['an empty allowInvitesFrom', { allowInvitesFrom: '' }],
      ['a guest role that is no guest role', { guestUserRoleId: '62e90394-69f5-4237-9190-012177145e10' }],
      ['a wrong type', { allowedToUseSSPR: 'yes' }],
      ['an unknown property', { allowInvites: 'none' }],
      ['an unknown default permission', { defaultUserRolePermissions: { allowedToDoAnything: true } }],
      ['a valid and an invalid change together', { allowedToUseSSPR: false, allowInvitesFrom: 'nobody' }],
    ];
    for (const [name, body] of bad) {
      it(`PATCH with ${name} is a 400 and changes nothing`, async () => {
        const before = await get();
        const res = await patch(body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, 'Request_BadRequest');
        assert.deepEqual(await get(), before);
      });
    }

    it('reading needs Policy.Read.All; changing needs Policy.ReadWrite.Authorization', async () => {
      const other = await h.appWith(tenant, ['Directory.ReadWrite.All']);
      assert.equal((await h.graph(other.token, 'GET', '/v1.0/policies/authorizationPolicy')).statusCode, 403);
      assert.equal((await patch({ allowInvitesFrom: 'none' }, other.token)).statusCode, 403);
      const refused = await patch({ allowInvitesFrom: 'none' }, policyReader.token);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'Authorization_RequestDenied');
      assert.equal((await get(admin.token)).allowInvitesFrom, 'everyone');
    });

    it('allowInvitesFrom none stops app-only invitations (and resets) with Graph\'s 403, writing nothing; other values do not', async () => {
      const guest = (await h.invite(inviter.token, { invitedUserEmailAddress: 'keep@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
      assert.equal((await patch({ allowInvitesFrom: 'none' })).statusCode, 204);
      const rows = await countRows(h, tenant.id);
      for (const body of [
        { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect },
        { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect, invitedUserType: 'Member', sendInvitationMessage: true },
        { invitedUserEmailAddress: 'keep@partner.example', inviteRedirectUrl: redirect, resetRedemption: true, invitedUser: { id: guest.id } },
      ]) {
        const res = await h.invite(inviter.token, body);
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error.code, 'Authorization_RequestDenied');
        assert.equal(res.json().error.message, 'Insufficient privileges to complete the operation.');
      }
      assert.deepEqual(await countRows(h, tenant.id), rows);
      // Reads are not invitations.
      assert.equal((await h.graph(inviter.token, 'GET', '/v1.0/users')).statusCode, 200);
      for (const value of ['adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'EVERYONE']) {
        assert.equal((await patch({ allowInvitesFrom: value })).statusCode, 204);
        assert.equal((await h.invite(inviter.token, { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect })).statusCode, 201, value);
      }
      assert.equal((await get()).allowInvitesFrom, 'everyone');
    });

    it('another process sees a change within the cache lifetime', async () => {
      const second = await h.secondInstance();
      const invite = () => second.inject({ method: 'POST', url: '/v1.0/invitations', headers: { authorization: `Bearer ${inviter.token}` }, payload: { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect } });
      assert.equal((await invite()).statusCode, 201);
      assert.equal((await patch({ allowInvitesFrom: 'none' })).statusCode, 204);
      const deadline = Date.now() + 15_000;
      let status = 201;
      while (status === 201 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        status = (await invite()).statusCode;
      }
      assert.equal(status, 403);
      assert.equal((await patch({ allowInvitesFrom: 'everyone' })).statusCode, 204);
    });
  });

  describe(`roles and policy: tenant isolation (${dialect})`, () => {
    let h: GraphHarness;
    let a: Tenant;
    let b: Tenant;
    let appA: TestApp;
    let appB: TestApp;
    let userB: { id: string };
    let assignmentB: string;

    before(async () => {
      h = await GraphHarness.start(dialect);
      a = await h.tenant('Alpha Roles');
      b = await h.tenant('Beta Roles');
      const perms = ['RoleManagement.ReadWrite.Directory', 'Policy.ReadWrite.Authorization', 'User.Invite.All'];
      appA = await h.appWith(a, perms);
      appB = await h.appWith(b, perms);
      userB = (await h.invite(appB.token, { invitedUserEmailAddress: 'b@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
      const res = await h.graph(appB.token, 'POST', '/v1.0/roleManagement/directory/roleAssignments', {
        roleDefinitionId: '95e79109-95c0-4d8e-aee3-d01accf2d47b', principalId: userB.id, directoryScopeId: '/',
      });
      assignmentB = res.json().id;
    });
    after(async () => h.stop());

    it('A sees none of B\'s assignments, roles or members, and cannot remove them', async () => {
      assert.deepEqual((await h.graph(appA.token, 'GET', '/v1.0/roleManagement/directory/roleAssignments')).json().value, []);
      assert.equal((await h.graph(appA.token, 'GET', `/v1.0/roleManagement/directory/roleAssignments/${assignmentB}`)).statusCode, 404);
      assert.equal((await h.graph(appA.token, 'DELETE', `/v1.0/roleManagement/directory/roleAssignments/${assignmentB}`)).statusCode, 404);
      const rolesA = (await h.graph(appA.token, 'GET', '/v1.0/directoryRoles')).json().value;
      const rolesB = (await h.graph(appB.token, 'GET', '/v1.0/directoryRoles')).json().value;
      assert.equal(rolesA.length, 1);
      assert.equal(rolesB.length, 2);
      for (const role of rolesB) assert.ok(!rolesA.some((r: { id: string }) => r.id === role.id), 'role object ids differ per tenant');
      const giB = rolesB.find((r: { displayName: string }) => r.displayName === 'Guest Inviter');
      assert.equal((await h.graph(appA.token, 'GET', `/v1.0/directoryRoles/${giB.id}/members`)).statusCode, 404);
      assert.equal((await h.graph(appA.token, 'DELETE', `/v1.0/directoryRoles/roleTemplateId=${giB.roleTemplateId}/members/${userB.id}/$ref`)).statusCode, 404);
      assert.deepEqual(await h.store.roles.templateIdsOf(b.id, userB.id), [giB.roleTemplateId]);
      assert.deepEqual(await h.store.roles.templateIdsOf(a.id, userB.id), []);
    });

    it('A cannot give B\'s user a role', async () => {
      const viaRef = await h.graph(appA.token, 'POST', '/v1.0/directoryRoles/roleTemplateId=fe930be7-5e62-47db-91af-98c3a49a38b1/members/$ref',
        { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userB.id}` });
      assert.equal(viaRef.statusCode, 404);
      const viaAssignment = await h.graph(appA.token, 'POST', '/v1.0/roleManagement/directory/roleAssignments',
        { roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', principalId: userB.id, directoryScopeId: '/' });
      assert.equal(viaAssignment.statusCode, 404);
      assert.deepEqual(await h.store.roles.templateIdsOf(b.id, userB.id), ['95e79109-95c0-4d8e-aee3-d01accf2d47b']);
    });

    it('B\'s policy is B\'s alone', async () => {
      assert.equal((await h.graph(appB.token, 'PATCH', '/v1.0/policies/authorizationPolicy', { allowInvitesFrom: 'none' })).statusCode, 204);
      assert.equal((await h.graph(appB.token, 'POST', '/v1.0/invitations', { invitedUserEmailAddress: 'x@partner.example', inviteRedirectUrl: redirect })).statusCode, 403);
      assert.equal((await h.graph(appA.token, 'GET', '/v1.0/policies/authorizationPolicy')).json().allowInvitesFrom, 'everyone');
      assert.equal((await h.graph(appA.token, 'POST', '/v1.0/invitations', { invitedUserEmailAddress: 'x@partner.example', inviteRedirectUrl: redirect })).statusCode, 201);
    });
  });
}
