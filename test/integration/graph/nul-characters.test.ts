import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';

/**
 * U+0000 in a body value, a property name or a path segment is a 400 in Graph's envelope on every
 * route (http/graph/refuse-nul.ts), never the database's error: PostgreSQL's text cannot hold it.
 * Nothing is written.
 */
for (const dialect of dialects()) {
  describe(`${dialect}: U+0000 anywhere in a request`, () => {
    let h: GraphHarness;
    let token: string;
    let domain: string;
    let userId: string;
    before(async () => {
      h = await GraphHarness.start(dialect);
      const tenant = await h.tenant();
      domain = tenant.initialDomain;
      token = (await h.appWith(tenant, ['User.ReadWrite.All'])).token;
      const created = await h.graph(token, 'POST', '/v1.0/users', {
        accountEnabled: true, displayName: 'Kept', mailNickname: 'kept', userPrincipalName: `kept@${domain}`, passwordProfile: { password: 'Secret-123456!' },
      });
      assert.equal(created.statusCode, 201, created.body);
      userId = created.json().id;
    });
    after(() => h.stop());

    const refused = (res: { statusCode: number; json(): unknown }) => {
      assert.equal(res.statusCode, 400);
      const body = res.json() as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'Request_BadRequest');
      assert.match(body.error.message, /U\+0000/);
    };

    it('POST /users with it in the display name', async () => {
      refused(await h.graph(token, 'POST', '/v1.0/users', {
        accountEnabled: true, displayName: 'New\u0000', mailNickname: 'new', userPrincipalName: `new@${domain}`, passwordProfile: { password: 'Secret-123456!' },
      }));
      assert.equal((await h.graph(token, 'GET', `/v1.0/users/new@${domain}`)).statusCode, 404);
    });

    it('PATCH /users/{id} with it in a nested value leaves the user as it was', async () => {
      refused(await h.graph(token, 'PATCH', `/v1.0/users/${userId}`, { jobTitle: 'Lead\u0000', otherMails: ['x@partner.example'] }));
      const user = (await h.graph(token, 'GET', `/beta/users/${userId}`)).json() as { jobTitle: unknown; otherMails: unknown };
      assert.equal(user.jobTitle, null);
      assert.deepEqual(user.otherMails, []);
    });

    it('GET /users/{id} with it in the path', async () => {
      refused(await h.graph(token, 'GET', '/v1.0/users/kept%00'));
    });

    it('a $batch item with it in its body, beside one without', async () => {
      const res = await h.graph(token, 'POST', '/v1.0/$batch', {
        requests: [
          { id: '1', method: 'PATCH', url: `/users/${userId}`, headers: { 'Content-Type': 'application/json' }, body: { department: 'R\u0000D' } },
          { id: '2', method: 'PATCH', url: `/users/${userId}`, headers: { 'Content-Type': 'application/json' }, body: { city: 'Oslo' } },
        ],
      });
      assert.equal(res.statusCode, 200, res.body);
      const items = (res.json() as { responses: { id: string; status: number; body?: { error?: { message: string } } }[] }).responses;
      const byId = new Map(items.map((r) => [r.id, r]));
      assert.equal(byId.get('1')?.status, 400);
      assert.match(byId.get('1')?.body?.error?.message ?? '', /U\+0000/);
      assert.equal(byId.get('2')?.status, 204);
      const user = (await h.graph(token, 'GET', `/beta/users/${userId}`)).json() as { department: unknown; city: unknown };
      assert.equal(user.department, null);
      assert.equal(user.city, 'Oslo');
    });
  });
}
