import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

const member = (n: string) => ({
  accountEnabled: true, displayName: `Member ${n}`, mailNickname: n, userPrincipalName: `${n}@users-corp.example`,
  passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
});

for (const dialect of dialects()) {
  describe(`users (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let admin: TestApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Users Corp', ['users-corp.example']);
      admin = await h.appWith(tenant, ['User.ReadWrite.All']);
    });
    after(async () => h.stop());

    it('POST /users creates a member with the v1.0 default properties in the answer', async () => {
      const res = await h.graph(admin.token, 'POST', '/v1.0/users', { ...member('adele'), jobTitle: 'Engineer', givenName: 'Adele', businessPhones: ['+1 425 555 0109'] });
      assert.equal(res.statusCode, 201, res.body);
      const u = res.json();
      assert.equal(u['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#users/$entity`);
      assert.equal(u.userPrincipalName, 'adele@users-corp.example');
      assert.equal(u.displayName, 'Member adele');
      assert.equal(u.jobTitle, 'Engineer');
      assert.deepEqual(u.businessPhones, ['+1 425 555 0109']);
      assert.equal(u.passwordProfile, undefined);
      assert.deepEqual(Object.keys(u).sort(), ['@odata.context', 'businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'].sort());
      const stored = await h.store.users.findById(tenant.id, u.id);
      assert.match(stored?.passwordHash ?? '', /^scrypt\$/);
      assert.ok(!stored?.passwordHash?.includes('xWwvJ'));
    });

    it('POST /users refuses duplicates, foreign domains and weak passwords', async () => {
      const dup = await h.graph(admin.token, 'POST', '/v1.0/users', member('adele'));
      assert.equal(dup.statusCode, 400);
      assert.equal(dup.json().error.message, 'Another object with the same value for property userPrincipalName already exists.');
      const foreign = await h.graph(admin.token, 'POST', '/v1.0/users', { ...member('x'), userPrincipalName: 'x@not-ours.example' });
      assert.equal(foreign.statusCode, 400);
      assert.match(foreign.json().error.message, /verified domain names/);
      const weak = await h.graph(admin.token, 'POST', '/v1.0/users', { ...member('weak'), passwordProfile: { password: 'password' } });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.json().error.message, /complexity/);
      const missing = await h.graph(admin.token, 'POST', '/v1.0/users', { displayName: 'x' });
      assert.equal(missing.statusCode, 400);
    });

    it('GET /users/{id | UPN} with $select, in every URL form of a guest UPN', async () => {
      const inv = (await h.invite(admin.token, { invitedUserEmailAddress: 'guest.one@partner.example', inviteRedirectUrl: 'https://x.example' })).json();
      const upn: string = inv.invitedUser.userPrincipalName;
      for (const key of [inv.invitedUser.id, inv.invitedUser.id.toUpperCase(), encodeURIComponent(upn), upn.replace('#', '%23').replace('#', '%23'), encodeURIComponent(upn).replace('%40', '@')]) {
        const res = await h.graph(admin.token, 'GET', `/v1.0/users/${key}?$select=displayName,externalUserState,userType`);
        assert.equal(res.statusCode, 200, `${key}: ${res.body}`);
        const u = res.json();
        assert.equal(u['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#users(displayName,externalUserState,userType)/$entity`);
        assert.deepEqual(Object.keys(u).sort(), ['@odata.context', 'displayName', 'externalUserState', 'id', 'userType'].sort());
      }
      const beta = (await h.graph(admin.token, 'GET', `/beta/users/${inv.invitedUser.id}`)).json();
      assert.equal(beta.externalUserState, 'PendingAcceptance', 'beta returns the full property set by default');
      assert.equal(beta.creationType, 'Invitation');
    });

    it('GET /users/{id} of nobody is Graph\'s 404', async () => {
      const res = await h.graph(admin.token, 'GET', '/v1.0/users/00000000-0000-0000-0000-000000000000');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'Request_ResourceNotFound');
      assert.match(res.json().error.message, /does not exist/);
    });

    it('GET /users pages with $top and an opaque, absolute nextLink, without repeats or gaps', async () => {
      for (let i = 0; i < 7; i++) await h.invite(admin.token, { invitedUserEmailAddress: `pager${i}@partner.example`, inviteRedirectUrl: 'https://x.example' });
      const all = (await h.graph(admin.token, 'GET', '/v1.0/users?$top=999')).json().value.map((u: { id: string }) => u.id);
      const seen: string[] = [];
      let url: string | undefined = '/v1.0/users?$top=3&$select=id,displayName';
      let pages = 0;
      while (url) {
        const res = await h.graph(admin.token, 'GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.ok(body.value.length <= 3);
        for (const u of body.value) assert.deepEqual(Object.keys(u).sort(), ['displayName', 'id']);
        seen.push(...body.value.map((u: { id: string }) => u.id));
        const next: string | undefined = body['@odata.nextLink'];
        if (next) {
          assert.ok(next.startsWith(`${PUBLIC_URL}/v1.0/users?`), next);
          assert.match(next, /\$skiptoken=/);
          // A user added while paging does not disturb the pages already read.
          if (pages === 0) await h.invite(admin.token, { invitedUserEmailAddress: 'late.comer@partner.example', inviteRedirectUrl: 'https://x.example' });
        }
        url = next ? next.slice(PUBLIC_URL.length) : undefined;
        pages++;
      }
      assert.equal(new Set(seen).size, seen.length, 'no user twice');
      for (const id of all) assert.ok(seen.includes(id), 'no user skipped');
    });

    it('refuses tampered skiptokens, $skip, bad $top and unknown $select properties', async () => {
      const next = (await h.graph(admin.token, 'GET', '/v1.0/users?$top=1')).json()['@odata.nextLink'] as string;
      const token = new URL(next).searchParams.get('$skiptoken') ?? '';
      const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
      const cases: [string, number, RegExp][] = [
        [`/v1.0/users?$skiptoken=${encodeURIComponent(tampered)}`, 400, /skiptoken/],
        ['/v1.0/users?$skiptoken=garbage', 400, /skiptoken/],
        ['/v1.0/users?$skip=10', 400, /\$skip/],
        ['/v1.0/users?$top=0', 400, /between 1 and 999/],
        ['/v1.0/users?$top=1000', 400, /between 1 and 999/],
        ['/v1.0/users?$top=abc', 400, /between 1 and 999/],
        ['/v1.0/users?$select=displayName,favouriteColour', 400, /Could not find a property named 'favouriteColour' on type 'microsoft\.graph\.user'/],
        ['/v1.0/users?$frobnicate=1', 400, /not supported/],
      ];
      for (const [url, status, message] of cases) {
        const res = await h.graph(admin.token, 'GET', url);
        assert.equal(res.statusCode, status, url);
        assert.match(res.json().error.message, message, url);
      }
    });

    it('PATCH /users/{id} changes only what is sent; DELETE removes the user', async () => {
      const u = (await h.graph(admin.token, 'POST', '/v1.0/users', member('patchme'))).json();
      const res = await h.graph(admin.token, 'PATCH', `/v1.0/users/${u.id}`, { jobTitle: 'Lead', department: 'R&D', otherMails: ['p@home.example'], usageLocation: 'US' });
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');
      const after = (await h.graph(admin.token, 'GET', `/v1.0/users/${u.id}?$select=jobTitle,department,displayName,otherMails,usageLocation`)).json();
      assert.equal(after.jobTitle, 'Lead');
      assert.equal(after.department, 'R&D');
      assert.equal(after.displayName, 'Member patchme');
      assert.deepEqual(after.otherMails, ['p@home.example']);
      const bad = await h.graph(admin.token, 'PATCH', `/v1.0/users/${u.id}`, { jobTitle: 42 });
      assert.equal(bad.statusCode, 400);
      const readonly = await h.graph(admin.token, 'PATCH', `/v1.0/users/${u.id}`, { externalUserState: 'Accepted' });
      assert.equal(readonly.statusCode, 400);
      const dupUpn = await h.graph(admin.token, 'PATCH', `/v1.0/users/${u.id}`, { userPrincipalName: 'adele@users-corp.example' });
      assert.equal(dupUpn.statusCode, 400);
      assert.match(dupUpn.json().error.message, /same value for property userPrincipalName/);
      assert.equal((await h.graph(admin.token, 'DELETE', `/v1.0/users/${u.id}`)).statusCode, 204);
      assert.equal((await h.graph(admin.token, 'GET', `/v1.0/users/${u.id}`)).statusCode, 404);
      assert.equal((await h.graph(admin.token, 'DELETE', `/v1.0/users/${u.id}`)).statusCode, 404);
    });
  });
}
