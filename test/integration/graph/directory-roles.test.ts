import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

const GA = '62e90394-69f5-4237-9190-012177145e10';
const UA = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const GI = '95e79109-95c0-4d8e-aee3-d01accf2d47b';
const redirect = 'https://myapp.contoso.com';
const ref = (id: string, host = 'https://graph.microsoft.com') => ({ '@odata.id': `${host}/v1.0/directoryObjects/${id}` });

for (const dialect of dialects()) {
  describe(`directoryRoles (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let writer: TestApp;
    let reader: TestApp;
    let inviter: TestApp;
    let guest: { id: string; userPrincipalName: string };
    let other: { id: string };

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Roles Corp', ['roles-corp.example']);
      writer = await h.appWith(tenant, ['RoleManagement.ReadWrite.Directory']);
      reader = await h.appWith(tenant, ['RoleManagement.Read.Directory']);
      inviter = await h.appWith(tenant, ['User.ReadWrite.All']);
      guest = (await h.invite(inviter.token, { invitedUserEmailAddress: 'ann@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
      other = (await h.invite(inviter.token, { invitedUserEmailAddress: 'bob@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
    });
    after(async () => h.stop());

    const list = async (token = reader.token, version = 'v1.0') => (await h.graph(token, 'GET', `/${version}/directoryRoles`)).json();

    it('lists only Global Administrator until another role is activated, in Graph\'s shape', async () => {
      const body = await list();
      assert.equal(body['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#directoryRoles`);
      assert.equal(body.value.length, 1);
      const [ga] = body.value;
      assert.deepEqual(Object.keys(ga).sort(), ['deletedDateTime', 'description', 'displayName', 'id', 'roleTemplateId']);
      assert.equal(ga.roleTemplateId, GA);
      assert.equal(ga.displayName, 'Global Administrator');
      assert.match(ga.id, /^[0-9a-f-]{36}$/);
      assert.notEqual(ga.id, GA);
      const beta = await list(reader.token, 'beta');
      assert.equal(beta['@odata.context'], `${PUBLIC_URL}/beta/$metadata#directoryRoles`);
      assert.equal(beta.value[0].id, ga.id);
    });

    it('POST /directoryRoles activates a role once', async () => {
      const res = await h.graph(writer.token, 'POST', '/v1.0/directoryRoles', { roleTemplateId: GI });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json()['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#directoryRoles/$entity`);
      assert.equal(res.json().displayName, 'Guest Inviter');
      assert.ok((await list()).value.some((r: { roleTemplateId: string }) => r.roleTemplateId === GI));
      const again = await h.graph(writer.token, 'POST', '/v1.0/directoryRoles', { roleTemplateId: GI });
      assert.equal(again.statusCode, 400);
      assert.match(again.json().error.message, /conflicting object/);
      const get = await h.graph(reader.token, 'GET', `/v1.0/directoryRoles/${res.json().id}`);
      assert.equal(get.statusCode, 200);
      assert.equal(get.json().roleTemplateId, GI);
    });

    const badActivations: [string, unknown, number][] = [
      ['an unknown template', { roleTemplateId: '11111111-2222-3333-4444-555555555555' }, 400],
      ['a name instead of an id', { roleTemplateId: 'Guest Inviter' }, 400],
      ['another property', { roleTemplateId: GI, displayName: 'x' }, 400],
      ['no roleTemplateId', {}, 400],
      ['a number', { roleTemplateId: 5 }, 400],
    ];
    for (const [name, body, status] of badActivations) {
      it(`POST /directoryRoles with ${name} -> ${status}`, async () => {
        const res = await h.graph(writer.token, 'POST', '/v1.0/directoryRoles', body);
        assert.equal(res.statusCode, status);
        assert.equal(res.json().error.code, 'Request_BadRequest');
      });
    }

    it('the roleTemplateId= key form adds a member and activates the role; members are typed users', async () => {
      const add = await h.graph(writer.token, 'POST', `/v1.0/directoryRoles/roleTemplateId=${UA}/members/$ref`, ref(guest.id));
      assert.equal(add.statusCode, 204, add.body);
      const ua = (await list()).value.find((r: { roleTemplateId: string }) => r.roleTemplateId === UA);
      assert.ok(ua, 'User Administrator was activated');
      for (const key of [ua.id, `roleTemplateId=${UA}`]) {
        const members = await h.graph(reader.token, 'GET', `/v1.0/directoryRoles/${key}/members`);
        assert.equal(members.statusCode, 200);
        assert.equal(members.json()['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#directoryObjects`);
        assert.deepEqual(members.json().value.map((m: { id: string }) => m.id), [guest.id]);
        assert.equal(members.json().value[0]['@odata.type'], '#microsoft.graph.user');
        assert.equal(members.json().value[0].userPrincipalName, guest.userPrincipalName);
      }
      assert.deepEqual(await h.store.roles.templateIdsOf(tenant.id, guest.id), [UA]);
    });

    it('adding the same member twice is Graph\'s 400; our own public URL works as the reference host', async () => {
      const twice = await h.graph(writer.token, 'POST', `/v1.0/directoryRoles/roleTemplateId=${UA}/members/$ref`, ref(guest.id, PUBLIC_URL));
      assert.equal(twice.statusCode, 400);
      assert.match(twice.json().error.message, /already exist/);
      const viaUsers = await h.graph(writer.token, 'POST', `/beta/directoryRoles/roleTemplateId=${GI}/members/$ref`, { '@odata.id': `${PUBLIC_URL}/beta/users/${other.id}` });
      assert.equal(viaUsers.statusCode, 204, viaUsers.body);
    });

    const badRefs: [string, string, unknown, number, string][] = [
      ['a relative reference', `roleTemplateId=${GI}`, { '@odata.id': `directoryObjects/${'0'.repeat(8)}` }, 400, 'Request_BadRequest'],
      ['a reference to something else', `roleTemplateId=${GI}`, { '@odata.id': 'https://graph.microsoft.com/v1.0/groups/x' }, 400, 'Request_BadRequest'],
      ['an unknown user', `roleTemplateId=${GI}`, ref('00000000-0000-4000-8000-000000000000'), 404, 'Request_ResourceNotFound'],
      ['a role id that does not exist', '00000000-0000-4000-8000-000000000001', ref('00000000-0000-4000-8000-000000000000'), 404, 'Request_ResourceNotFound'],
      ['an unknown role template', 'roleTemplateId=00000000-0000-4000-8000-000000000001', ref('00000000-0000-4000-8000-000000000000'), 404, 'Request_ResourceNotFound'],
      ['a malformed percent escape', `roleTemplateId=${GI}`, { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/%E0%A4%A' }, 400, 'Request_BadRequest'],
      ['an extra property', `roleTemplateId=${GI}`, { ...ref('00000000-0000-4000-8000-000000000000'), id: 'x' }, 400, 'Request_BadRequest'],
    ];
    for (const [name, key, body, status, code] of badRefs) {
      it(`POST members/$ref with ${name} -> ${status}`, async () => {
        const res = await h.graph(writer.token, 'POST', `/v1.0/directoryRoles/${key}/members/$ref`, body);
        assert.equal(res.statusCode, status, res.body);
        assert.equal(res.json().error.code, code);
      });
    }

    it('a role not activated is not found by its object id, nor are unknown ids', async () => {
      for (const key of ['not-a-guid', '00000000-0000-4000-8000-000000000001', 'roleTemplateId=729827e3-9c14-49f7-bb1b-9608f156bbb8']) {
        const res = await h.graph(reader.token, 'GET', `/v1.0/directoryRoles/${key}`);
        assert.equal(res.statusCode, 404, key);
        assert.equal(res.json().error.code, 'Request_ResourceNotFound');
      }
    });

    it('DELETE members/{id}/$ref removes the member once', async () => {
      const del = await h.graph(writer.token, 'DELETE', `/v1.0/directoryRoles/roleTemplateId=${GI}/members/${other.id}/$ref`);
      assert.equal(del.statusCode, 204, del.body);
      assert.deepEqual(await h.store.roles.templateIdsOf(tenant.id, other.id), []);
      const again = await h.graph(writer.token, 'DELETE', `/v1.0/directoryRoles/roleTemplateId=${GI}/members/${other.id}/$ref`);
      assert.equal(again.statusCode, 404);
    });

    it('reading needs a role or directory read permission; changing needs RoleManagement.ReadWrite.Directory', async () => {
      const none = await h.appWith(tenant, ['User.Read.All']);
      const dirReader = await h.appWith(tenant, ['Directory.Read.All']);
      const dirWriter = await h.appWith(tenant, ['Directory.ReadWrite.All']);
      assert.equal((await h.graph(none.token, 'GET', '/v1.0/directoryRoles')).statusCode, 403);
      assert.equal((await h.graph(dirReader.token, 'GET', '/v1.0/directoryRoles')).statusCode, 200);
      for (const token of [reader.token, dirWriter.token, none.token]) {
        const res = await h.graph(token, 'POST', `/v1.0/directoryRoles/roleTemplateId=${GI}/members/$ref`, ref(other.id));
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().error.code, 'Authorization_RequestDenied');
        assert.equal(res.json().error.message, 'Insufficient privileges to complete the operation.');
        assert.equal((await h.graph(token, 'POST', '/v1.0/directoryRoles', { roleTemplateId: UA })).statusCode, 403);
        assert.equal((await h.graph(token, 'DELETE', `/v1.0/directoryRoles/roleTemplateId=${UA}/members/${guest.id}/$ref`)).statusCode, 403);
      }
      assert.deepEqual(await h.store.roles.templateIdsOf(tenant.id, guest.id), [UA]);
    });

    it('role changes are audited as Entra\'s Core Directory does, initiated by the app', async () => {
      const records = (await h.store.audit.list(tenant.id)).filter((a) => a.category === 'RoleManagement');
      const added = records.filter((a) => a.activityDisplayName === 'Add member to role');
      assert.ok(added.length >= 2);
      assert.ok(records.some((a) => a.activityDisplayName === 'Remove member from role'));
      const first = added.find((a) => a.targetResources[0].id === guest.id);
      assert.equal(first?.initiatedBy.kind, 'app');
      assert.equal(first?.loggedByService, 'Core Directory');
    });

    it('an app cannot reset the redemption of a user who holds a role, until the role is gone', async () => {
      const u = await h.store.users.findById(tenant.id, guest.id);
      const reset = () => h.invite(inviter.token, { invitedUserEmailAddress: u?.mail, inviteRedirectUrl: redirect, resetRedemption: true, invitedUser: { id: guest.id } });
      const refused = await reset();
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'Authorization_RequestDenied');
      assert.equal((await h.graph(writer.token, 'DELETE', `/v1.0/directoryRoles/roleTemplateId=${UA}/members/${guest.id}/$ref`)).statusCode, 204);
      assert.equal((await reset()).statusCode, 201);
    });

    it('deleting a user takes their roles away', async () => {
      const admin = await h.appWith(tenant, ['User.ReadWrite.All']);
      const temp = (await h.invite(admin.token, { invitedUserEmailAddress: 'temp@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
      assert.equal((await h.graph(writer.token, 'POST', `/v1.0/directoryRoles/roleTemplateId=${GI}/members/$ref`, ref(temp.id))).statusCode, 204);
      assert.equal((await h.graph(admin.token, 'DELETE', `/v1.0/users/${temp.id}`)).statusCode, 204);
      assert.deepEqual(await h.store.roles.templateIdsOf(tenant.id, temp.id), []);
      const members = (await h.graph(reader.token, 'GET', `/v1.0/directoryRoles/roleTemplateId=${GI}/members`)).json();
      assert.ok(!members.value.some((m: { id: string }) => m.id === temp.id));
    });
  });
}
