import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

const GA = '62e90394-69f5-4237-9190-012177145e10';
const GI = '95e79109-95c0-4d8e-aee3-d01accf2d47b';
const HA = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const redirect = 'https://myapp.contoso.com';
const PATH = '/v1.0/roleManagement/directory';

for (const dialect of dialects()) {
  describe(`roleManagement/directory (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let writer: TestApp;
    let reader: TestApp;
    let ann: { id: string; userPrincipalName: string };
    let bob: { id: string };
    let created: { id: string };

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Rbac Corp');
      writer = await h.appWith(tenant, ['RoleManagement.ReadWrite.Directory']);
      reader = await h.appWith(tenant, ['RoleManagement.Read.All']);
      const inviter = await h.appWith(tenant, ['User.Invite.All']);
      ann = (await h.invite(inviter.token, { invitedUserEmailAddress: 'ann@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
      bob = (await h.invite(inviter.token, { invitedUserEmailAddress: 'bob@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
    });
    after(async () => h.stop());

    it('roleDefinitions lists the built-in roles with their template ids', async () => {
      const res = await h.graph(reader.token, 'GET', `${PATH}/roleDefinitions`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json()['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#roleManagement/directory/roleDefinitions`);
      const names = res.json().value.map((d: { displayName: string }) => d.displayName);
      for (const n of ['Global Administrator', 'User Administrator', 'Helpdesk Administrator', 'Guest Inviter', 'Directory Writers', 'Directory Readers', 'Global Reader']) {
        assert.ok(names.includes(n), n);
      }
      const gi = res.json().value.find((d: { id: string }) => d.id === GI);
      assert.equal(gi.templateId, GI);
      assert.equal(gi.isBuiltIn, true);
      assert.ok(gi.rolePermissions[0].allowedResourceActions.includes('microsoft.directory/users/inviteGuest'));
      const one = await h.graph(reader.token, 'GET', `${PATH}/roleDefinitions/${GA.toUpperCase()}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().displayName, 'Global Administrator');
      assert.equal((await h.graph(reader.token, 'GET', `${PATH}/roleDefinitions/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
    });

    it('POST roleAssignments assigns tenant-wide with Entra\'s id form', async () => {
      const res = await h.graph(writer.token, 'POST', `${PATH}/roleAssignments`, {
        '@odata.type': '#microsoft.graph.unifiedRoleAssignment', roleDefinitionId: GI, principalId: ann.id, directoryScopeId: '/',
      });
      assert.equal(res.statusCode, 201, res.body);
      created = res.json();
      assert.equal(res.json()['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#roleManagement/directory/roleAssignments/$entity`);
      assert.match(created.id, /^[A-Za-z0-9_-]{43}-1$/);
      assert.deepEqual({ ...(res.json() as Record<string, unknown>), '@odata.context': undefined }, {
        '@odata.context': undefined, id: created.id, principalId: ann.id, resourceScope: '/', directoryScopeId: '/', roleDefinitionId: GI,
      });
      // The first 16 bytes are the role definition's GUID in .NET byte order (lAPpYvVp… is Global Administrator).
      const ga = await h.graph(writer.token, 'POST', `${PATH}/roleAssignments`, { roleDefinitionId: GA, principalId: bob.id, directoryScopeId: '/' });
      assert.equal(ga.statusCode, 201);
      assert.ok(ga.json().id.startsWith('lAPpYvVpN0KRkAEhdxReE'), ga.json().id);
      assert.deepEqual(await h.store.roles.templateIdsOf(tenant.id, ann.id), [GI]);
      const roles = (await h.graph(reader.token, 'GET', '/v1.0/directoryRoles')).json();
      assert.ok(roles.value.some((r: { roleTemplateId: string }) => r.roleTemplateId === GI), 'assignment activates the role');
    });

    const bad: [string, Record<string, unknown>, number][] = [
      ['the same assignment again', { roleDefinitionId: GI, principalId: '$ann', directoryScopeId: '/' }, 400],
      ['an administrative-unit scope', { roleDefinitionId: HA, principalId: '$ann', directoryScopeId: '/administrativeUnits/5d107bba-d8e2-4e13-b6ae-884be90e5d1a' }, 400],
      ['an app scope', { roleDefinitionId: HA, principalId: '$ann', appScopeId: '/' }, 400],
      ['no scope', { roleDefinitionId: HA, principalId: '$ann' }, 400],
      ['an unknown principal', { roleDefinitionId: HA, principalId: '00000000-0000-4000-8000-000000000000', directoryScopeId: '/' }, 404],
      ['a principal that is no GUID', { roleDefinitionId: HA, principalId: 'ann@partner.example', directoryScopeId: '/' }, 404],
      ['an unknown role definition', { roleDefinitionId: '00000000-0000-4000-8000-000000000000', principalId: '$ann', directoryScopeId: '/' }, 400],
      ['a role name', { roleDefinitionId: 'Guest Inviter', principalId: '$ann', directoryScopeId: '/' }, 400],
      ['an unknown property', { roleDefinitionId: HA, principalId: '$ann', directoryScopeId: '/', principal: {} }, 400],
      ['a missing principalId', { roleDefinitionId: HA, directoryScopeId: '/' }, 400],
    ];
    for (const [name, body, status] of bad) {
      it(`POST roleAssignments with ${name} -> ${status}, nothing written`, async () => {
        const before = (await h.store.roles.assignments(tenant.id, {})).length;
        const payload = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v === '$ann' ? ann.id : v]));
        const res = await h.graph(writer.token, 'POST', `${PATH}/roleAssignments`, payload);
        assert.equal(res.statusCode, status, res.body);
        assert.ok(res.json().error.code);
        assert.equal((await h.store.roles.assignments(tenant.id, {})).length, before);
      });
    }

    it('GET by id, $filter on principalId and roleDefinitionId, $expand=principal', async () => {
      const one = await h.graph(reader.token, 'GET', `${PATH}/roleAssignments/${created.id}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().principalId, ann.id);
      const all = (await h.graph(reader.token, 'GET', `${PATH}/roleAssignments`)).json();
      assert.equal(all.value.length, 2);
      const mine = (await h.graph(reader.token, 'GET', `${PATH}/roleAssignments?$filter=principalId eq '${ann.id}'`)).json();
      assert.deepEqual(mine.value.map((a: { id: string }) => a.id), [created.id]);
      const gas = (await h.graph(reader.token, 'GET', `${PATH}/roleAssignments?$filter=${encodeURIComponent(`roleDefinitionId eq '${GA}'`)}&$expand=principal`)).json();
      assert.equal(gas['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())`);
      assert.deepEqual(gas.value.map((a: { principalId: string }) => a.principalId), [bob.id]);
      assert.equal(gas.value[0].principal['@odata.type'], '#microsoft.graph.user');
      const both = (await h.graph(reader.token, 'GET', `${PATH}/roleAssignments?$filter=principalId eq '${ann.id}' and roleDefinitionId eq '${GA}'`)).json();
      assert.deepEqual(both.value, []);
      const scoped = (await h.graph(reader.token, 'GET', `${PATH}/roleAssignments?$filter=directoryScopeId eq '/' and principalId eq '${bob.id}'`)).json();
      assert.equal(scoped.value.length, 1);
    });

    const badQueries: [string, number][] = [
      ["$filter=displayName eq 'x'", 400],
      [`$filter=principalId ne '00000000-0000-4000-8000-000000000000'`, 400],
      ["$filter=principalId eq", 400],
      ['$expand=roleDefinition', 400],
      ['$orderby=id', 400],
      ["$filter=principalId eq 'a'&$filter=principalId eq 'b'", 400],
      ['$filter=%E0%A4%A', 400],
    ];
    for (const [query, status] of badQueries) {
      it(`GET roleAssignments?${query} -> ${status}`, async () => {
        const res = await h.graph(reader.token, 'GET', `${PATH}/roleAssignments?${query}`);
        assert.equal(res.statusCode, status, res.body);
        assert.match(res.json().error.code, /^Request_(BadRequest|UnsupportedQuery)$/);
      });
    }

    it('DELETE removes the assignment; then it is not found', async () => {
      assert.equal((await h.graph(reader.token, 'DELETE', `${PATH}/roleAssignments/${created.id}`)).statusCode, 403);
      assert.equal((await h.graph(writer.token, 'DELETE', `${PATH}/roleAssignments/${created.id}`)).statusCode, 204);
      assert.equal((await h.graph(reader.token, 'GET', `${PATH}/roleAssignments/${created.id}`)).statusCode, 404);
      assert.equal((await h.graph(writer.token, 'DELETE', `${PATH}/roleAssignments/${created.id}`)).statusCode, 404);
      assert.deepEqual(await h.store.roles.templateIdsOf(tenant.id, ann.id), []);
    });

    it('permissions: reading needs a role-read or directory-read permission', async () => {
      const users = await h.appWith(tenant, ['User.ReadWrite.All']);
      for (const url of [`${PATH}/roleAssignments`, `${PATH}/roleDefinitions`]) {
        const res = await h.graph(users.token, 'GET', url);
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().error.code, 'Authorization_RequestDenied');
      }
      const res = await h.graph(users.token, 'POST', `${PATH}/roleAssignments`, { roleDefinitionId: GI, principalId: ann.id, directoryScopeId: '/' });
      assert.equal(res.statusCode, 403);
    });

    it('beta serves the same resources', async () => {
      const res = await h.graph(reader.token, 'GET', '/beta/roleManagement/directory/roleAssignments');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json()['@odata.context'], `${PUBLIC_URL}/beta/$metadata#roleManagement/directory/roleAssignments`);
    });
  });
}
