import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

const redirect = 'https://myapp.contoso.com';
let n = 0;
const email = () => `perm${++n}.${Math.random().toString(36).slice(2, 7)}@partner.example`;

type Op = 'invite' | 'invite as Member' | 'reset redemption' | 'list users' | 'read user' | 'create user' | 'update user' | 'delete user' | 'read organization';

/** The app-only permission matrix (graph-spec §1.5, §4.2): which application permission allows what. */
const matrix: Record<string, Op[]> = {
  '(none)': [],
  'User.Invite.All': ['invite', 'invite as Member', 'read organization'],
  'User.Read.All': ['list users', 'read user', 'read organization'],
  'User.ReadWrite.All': ['invite', 'invite as Member', 'reset redemption', 'list users', 'read user', 'create user', 'update user', 'delete user', 'read organization'],
  'Directory.Read.All': ['list users', 'read user', 'read organization'],
  'Directory.ReadWrite.All': ['invite', 'invite as Member', 'reset redemption', 'list users', 'read user', 'create user', 'update user', 'delete user', 'read organization'],
};
const ops: Op[] = ['invite', 'invite as Member', 'reset redemption', 'list users', 'read user', 'create user', 'update user', 'delete user', 'read organization'];

for (const dialect of dialects()) {
  describe(`app-only permission matrix (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let admin: TestApp;
    const apps: Record<string, TestApp> = {};

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Matrix Corp', ['matrix-corp.example']);
      admin = await h.appWith(tenant, ['Directory.ReadWrite.All']);
      for (const perm of Object.keys(matrix)) apps[perm] = await h.appWith(tenant, perm === '(none)' ? [] : [perm]);
    });
    after(async () => h.stop());

    async function attempt(token: string, op: Op): Promise<number> {
      const guest = (await h.invite(admin.token, { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect })).json().invitedUser;
      switch (op) {
        case 'invite': return (await h.invite(token, { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect })).statusCode;
        case 'invite as Member': return (await h.invite(token, { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect, invitedUserType: 'Member' })).statusCode;
        case 'reset redemption': {
          const u = await h.store.users.findById(tenant.id, guest.id);
          return (await h.invite(token, { invitedUserEmailAddress: u?.mail, inviteRedirectUrl: redirect, resetRedemption: true, invitedUser: { id: guest.id } })).statusCode;
        }
        case 'list users': return (await h.graph(token, 'GET', '/v1.0/users')).statusCode;
        case 'read user': return (await h.graph(token, 'GET', `/v1.0/users/${guest.id}`)).statusCode;
        case 'create user': return (await h.graph(token, 'POST', '/v1.0/users', {
          accountEnabled: true, displayName: 'P', mailNickname: `p${n}`, userPrincipalName: `p${++n}@matrix-corp.example`, passwordProfile: { password: 'Str0ng!Passw0rd' },
        })).statusCode;
        case 'update user': return (await h.graph(token, 'PATCH', `/v1.0/users/${guest.id}`, { jobTitle: 'Partner' })).statusCode;
        case 'delete user': return (await h.graph(token, 'DELETE', `/v1.0/users/${guest.id}`)).statusCode;
        case 'read organization': return (await h.graph(token, 'GET', '/v1.0/organization')).statusCode;
      }
    }

    const success: Record<Op, number> = {
      invite: 201, 'invite as Member': 201, 'reset redemption': 201, 'list users': 200, 'read user': 200,
      'create user': 201, 'update user': 204, 'delete user': 204, 'read organization': 200,
    };

    for (const [perm, allowed] of Object.entries(matrix)) {
      for (const op of ops) {
        const expected = allowed.includes(op) ? success[op] : 403;
        it(`${perm}: ${op} -> ${expected}`, async () => {
          const status = await attempt(apps[perm].token, op);
          assert.equal(status, expected);
        });
      }
    }

    it('a 403 is Graph\'s Authorization_RequestDenied', async () => {
      const res = await h.invite(apps['User.Read.All'].token, { invitedUserEmailAddress: email(), inviteRedirectUrl: redirect });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'Authorization_RequestDenied');
      assert.equal(res.json().error.message, 'Insufficient privileges to complete the operation.');
    });
  });

  describe(`tenant isolation (${dialect})`, () => {
    let h: GraphHarness;
    let a: Tenant;
    let b: Tenant;
    let appA: TestApp;
    let appB: TestApp;
    let guestB: { id: string; userPrincipalName: string };

    before(async () => {
      h = await GraphHarness.start(dialect);
      a = await h.tenant('Tenant Alpha', ['alpha.example']);
      b = await h.tenant('Tenant Beta', ['beta.example']);
      appA = await h.appWith(a, ['Directory.ReadWrite.All']);
      appB = await h.appWith(b, ['Directory.ReadWrite.All']);
      guestB = (await h.invite(appB.token, { invitedUserEmailAddress: 'shared@partner.example', inviteRedirectUrl: redirect })).json().invitedUser;
    });
    after(async () => h.stop());

    it('A cannot read, change or delete B\'s user by id or UPN', async () => {
      for (const key of [guestB.id, encodeURIComponent(guestB.userPrincipalName)]) {
        assert.equal((await h.graph(appA.token, 'GET', `/v1.0/users/${key}`)).statusCode, 404);
        assert.equal((await h.graph(appA.token, 'PATCH', `/v1.0/users/${key}`, { jobTitle: 'pwned' })).statusCode, 404);
        assert.equal((await h.graph(appA.token, 'DELETE', `/v1.0/users/${key}`)).statusCode, 404);
      }
      const still = (await h.graph(appB.token, 'GET', `/v1.0/users/${guestB.id}?$select=jobTitle`)).json();
      assert.equal(still.jobTitle, null);
    });

    it('A\'s lists and organization show only A', async () => {
      const list = (await h.graph(appA.token, 'GET', '/v1.0/users?$top=999')).json();
      assert.ok(!list.value.some((u: { id: string }) => u.id === guestB.id));
      const org = (await h.graph(appA.token, 'GET', '/v1.0/organization')).json();
      assert.deepEqual(org.value.map((o: { id: string }) => o.id), [a.id]);
      const domains = (await h.graph(appA.token, 'GET', '/v1.0/domains')).json();
      assert.ok(!domains.value.some((d: { id: string }) => d.id === 'beta.example'));
    });

    it('the same address invited by both tenants makes one guest in each', async () => {
      const res = await h.invite(appA.token, { invitedUserEmailAddress: 'shared@partner.example', inviteRedirectUrl: redirect });
      assert.equal(res.statusCode, 201);
      assert.notEqual(res.json().invitedUser.id, guestB.id);
    });

    it('A cannot reset or convert B\'s user, nor sponsor with B\'s user', async () => {
      const reset = await h.invite(appA.token, { invitedUserEmailAddress: 'shared@partner.example', inviteRedirectUrl: redirect, resetRedemption: true, invitedUser: { id: guestB.id } });
      assert.equal(reset.statusCode, 404);
      const sponsor = await h.invite(appA.token, { invitedUserEmailAddress: 'x@partner.example', inviteRedirectUrl: redirect, invitedUserSponsors: [{ id: guestB.id }] });
      assert.equal(sponsor.statusCode, 400);
    });

    it('a skiptoken from B is refused in A', async () => {
      for (let i = 0; i < 3; i++) await h.invite(appB.token, { invitedUserEmailAddress: `page${i}@partner.example`, inviteRedirectUrl: redirect });
      const next = (await h.graph(appB.token, 'GET', '/v1.0/users?$top=1')).json()['@odata.nextLink'];
      const url = new URL(next);
      const res = await h.graph(appA.token, 'GET', `${url.pathname}${url.search}`);
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.message, /skiptoken/);
    });

    it('a token of tenant A whose tid is rewritten to B fails its signature', async () => {
      const [header, payload, sig] = appA.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      claims.tid = b.id;
      const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
      const res = await h.graph(forged, 'GET', '/v1.0/users');
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'InvalidAuthenticationToken');
    });
  });
}
