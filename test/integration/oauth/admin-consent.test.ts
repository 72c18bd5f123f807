import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';
import { member, PASSWORD, REDIRECT, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';
import { SignInClient } from '../../helpers/signin-client.js';

for (const dialect of dialects()) {
  describe(`GET /{tenant}/adminconsent (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let ada: User;
    let client: SignInApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Admin Consent');
      ada = await member(h.store, tenant, 'Ada Member');
      client = await signInApp(h.store, tenant, { publicClient: false, delegated: ['User.Invite.All', 'User.Read'] });
    });
    after(async () => h.stop());

    it('a member without an admin role sees "Need admin approval" and returns with permission_denied; nothing is granted', async () => {
      const browser = new SignInClient(h.app);
      let page = await browser.get(`/${tenant.id}/adminconsent?${new URLSearchParams({ client_id: client.app.appId, redirect_uri: REDIRECT, state: 'ac-1' })}`);
      assert.match(page.body, /name="passwd"/);
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.match(page.body, /Need admin approval/);
      assert.match(page.body, /data-scope="User.Invite.All"/);
      // Even a forged "accept" from a non-admin grants nothing.
      const forged = await browser.submit(page, { decision: 'accept' });
      const loc = new URL(String(forged.headers.location));
      assert.equal(loc.searchParams.get('error'), 'permission_denied');
      assert.equal(loc.searchParams.get('state'), 'ac-1');
      const rows = await h.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM consent_grants WHERE client_id = '${client.app.appId}'`);
      assert.equal(Number(rows[0].n), 0);
    });

    it('a Global Administrator grants tenant-wide consent: admin_consent=True, and ROPC of a member then needs no consent', async () => {
      const admin = await member(h.store, tenant, 'Grace Admin');
      const role = await h.appWith(tenant, ['RoleManagement.ReadWrite.Directory']);
      const assigned = await h.graph(role.token, 'POST', '/v1.0/roleManagement/directory/roleAssignments', {
        roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10', principalId: admin.id, directoryScopeId: '/',
      });
      assert.equal(assigned.statusCode, 201, assigned.body);
      const pub = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Invite.All', 'User.Read'] });
      const ropc = () => h.tokenRequest(tenant.id, { grant_type: 'password', client_id: pub.app.appId, username: ada.userPrincipalName, password: PASSWORD, scope: 'User.Invite.All' });
      assert.equal((await ropc()).json().suberror, 'consent_required', 'nobody consented yet');

      const browser = new SignInClient(h.app);
      let page = await browser.get(`/${tenant.id}/adminconsent?${new URLSearchParams({ client_id: pub.app.appId, redirect_uri: REDIRECT, state: 'ac-2' })}`);
      page = await browser.submit(page, { login: admin.userPrincipalName, passwd: PASSWORD });
      assert.doesNotMatch(page.body, /Need admin approval/);
      assert.match(page.body, /data-scope="User.Invite.All"/);
      const done = await browser.submit(page, { decision: 'accept' });
      const loc = new URL(String(done.headers.location));
      assert.equal(`${loc.origin}${loc.pathname}`, REDIRECT);
      assert.equal(loc.searchParams.get('admin_consent'), 'True');
      assert.equal(loc.searchParams.get('state'), 'ac-2');
      assert.equal(loc.searchParams.get('tenant'), tenant.id);
      const granted = await ropc();
      assert.equal(granted.statusCode, 200, granted.body);
    });

    it('refuses an unregistered redirect URI or unknown app with a page, never a redirect', async () => {
      const evil = await new SignInClient(h.app).get(`/${tenant.id}/adminconsent?${new URLSearchParams({ client_id: client.app.appId, redirect_uri: 'https://evil.example/' })}`);
      assert.equal(evil.statusCode, 400);
      assert.equal(evil.headers.location, undefined);
      assert.match(evil.body, /AADSTS50011/);
      const unknown = await new SignInClient(h.app).get(`/${tenant.id}/adminconsent?client_id=11111111-2222-3333-4444-555555555555&redirect_uri=${encodeURIComponent(REDIRECT)}`);
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /AADSTS700016/);
    });
  });
}
